"""Blesses floats.txt: `repr()` of 3000 doubles (random bit patterns, random short decimals, powers of two, ties),
one `BITS_HEX REPR` a line, from CPython 3.11. Run `python3 crates/pyfront/test_data/repr/bless_floats.py`; never
edit floats.txt by hand. Checked by pyfront's repr tests."""
import os, random, struct, sys

if sys.version_info[:2] != (3, 11):
    sys.exit("bless_floats.py needs CPython 3.11")
rng = random.Random(3011)
xs = [struct.unpack('<d', struct.pack('<Q', rng.getrandbits(64)))[0] for _ in range(1200)]
xs += [float('%.*e' % (rng.randint(0, 16), rng.uniform(-1, 1) * 10 ** rng.randint(-30, 30))) for _ in range(1200)]
xs += [2.0 ** e for e in range(-1074, 1024, 4)]
xs += [rng.randint(1, 10**6) / 10 ** rng.randint(0, 8) for _ in range(100)]
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'floats.txt'), 'w') as f:
    for x in xs:
        f.write('%016x %r\n' % (struct.unpack('<Q', struct.pack('<d', x))[0], x))
