# Lone surrogates are code points of a str: escapes, folding, constants, marshal, hashing and the VM.
# (Set members sit in distinct hash slots: marshal's sorted items would rebuild a colliding set in another order.)
"""Module docstring with a lone surrogate: \udc80."""
high = '\ud800'
low = "\U0000dfff"
pair = '\ud83d' '\ude00'
mixed = 'é\udcff😀'
folded = ('a\ud801' + 'b') * 2
index = '\ud802x'[0]
last = 'x\udbff'[-1]
tup = ('\udc00', 1, b'\xed\xa0\x80')
members = {'\ud800', '\udc02', 'plain', '\udfff'}
fs = frozenset({'\ud800', 'x'})
keyed = {'\ud800': 1, '\udc00': 2}

def f(x):
    """Function docstring \ud8ff."""
    return x in {'\ud800', '\udcff', 'é'}, '\udead' * 3

print(repr(high), repr(low), repr(pair), len(pair), repr(mixed), len(mixed))
print(repr(folded), repr(index), repr(last), tup)
print(sorted(members), len(members), hash(high), hash(mixed))
print(fs == frozenset(['x', chr(0xd800)]), keyed[chr(0xdc00)])
print(f(high), f('x'), f.__doc__ == 'Function docstring \ud8ff.')
print(high == chr(0xD800), high < low, low > '\ud7ff', high != '\ufffd', ord(low))
print([c for c in mixed], [mixed[1:], mixed[::-1], f'<{high}{low!r}>'])
print([high + low, str(low)], high.encode('utf-8', 'surrogatepass'))
print(['-'.join(['a', high, 'b']), f'{high!s}', ''.join([low, high])])
try:
    mixed.encode('utf-8')
except UnicodeEncodeError as e:
    print(e)
for text, errors in [('ab\ud800\udc80c', 'strict'), ('ab\udc80\udcffc', 'surrogateescape'), ('a\udc80\ud800\udc81z', 'surrogateescape')]:
    try:
        print(text.encode('utf-8', errors))
    except UnicodeEncodeError as e:
        print(e)
