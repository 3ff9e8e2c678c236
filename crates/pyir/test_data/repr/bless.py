"""Writes cases.txt: constants as marshal data (hex), their repr() and their hash() under PYTHONHASHSEED=0.

Run with CPython 3.11: PYTHONHASHSEED=0 python3 bless.py (from this directory; `cargo xtask golden --bless` does).
"""
import marshal, os, sys

assert sys.version_info[:2] == (3, 11), sys.version
assert os.environ.get('PYTHONHASHSEED') == '0', 'run with PYTHONHASHSEED=0'

values = [
    '', 'a', "it's", 'say "hi"', 'both \' and "', 'tab\there', 'nl\n', 'cr\r', 'back\\slash', '\x00\x1f\x7f',
    '\x80\x9f\xa0\xa1\xad\xff', 'é', 'ā', '\u2028', '\u200b', '\ufeff', '\ue000', '\U0001f600', '\U000e0100',
    '\U0010ffff', '\u0378', '蟒', 'x󠄀', 'a' * 300, '\u3000', '\x85', '\xa0', '\u00ad',
    b'', b'a', b"it's", b'"', b'\'"', b'\x00\x7f\x80\xff\\\t\n\r', bytes(range(256)),
    0, 1, -1, 2**31, -2**31 - 1, 2**61 - 1, 2**61, 2**64, -2**64, 10**40, -(10**40) + 7, 2**1000,
    0.0, -0.0, 1.0, -1.0, 0.1, 1/3, 1e16, 1e15, 123456789012345678.0, 1e-4, 1e-5, 0.00012345, 1.5e-7, 1e22,
    1e300, 5e-324, 2.2250738585072014e-308, float('inf'), float('-inf'), float('nan'), 1234.5, 100.0, 1e100,
    9007199254740993.0, 0.5, 2.5e-5, 123e-20,
    0j, 1j, -1j, 1.5j, (1 + 2j), (-0.0 + 1j), (-0.0 - 1j), complex(0.0, -0.0), complex(1, float('inf')),
    complex(float('nan'), 1), complex(-1.5, float('nan')), 1e16j, (1e-5 + 3j),
    (), (1,), (1, 2), ('a', b'b', 1.0, None, True, False, ...), ((1,), ()), (None,),
    frozenset(), frozenset({1}), frozenset({1, 2, 3}), frozenset({'a', 'b', 'c'}), frozenset({'x', 'y', 'z'}),
    frozenset(range(20)), frozenset({8, 16, 0, 24}), frozenset({-1, -2, 2**64}), frozenset({1.5, 2.5, 'q'}),
    frozenset({(1, 2), (3, 4), 'abc'}), frozenset({b'ab', b'cd', 'ef', 7}), frozenset(str(i) for i in range(30)),
    None, True, False, ..., 2**64 + 0j,
]
def address_hashed(v):
    """Whether hash(v) depends on an address in 3.11: None, Ellipsis and NaN (since 3.10) hash by identity, and so
    does any tuple or frozenset holding one."""
    if v is None or v is ...:
        return True
    if isinstance(v, (tuple, frozenset)):
        return any(address_hashed(x) for x in v)
    parts = [v.real, v.imag] if isinstance(v, complex) else [v]
    return any(isinstance(p, float) and p != p for p in parts)


def reproducible_hash(v):
    """hash(v), or '' where no fixed value exists."""
    return '' if address_hashed(v) else hash(v)

with open('cases.txt', 'w', encoding='utf-8') as out:
    for v in values:
        h = reproducible_hash(v)
        out.write('%s\t%s\t%s\n' % (marshal.dumps(v).hex(), repr(marshal.loads(marshal.dumps(v))), h))
