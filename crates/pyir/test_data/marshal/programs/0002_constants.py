big = 2 ** 100
neg = -12345678901234567890
floats = (0.0, -0.0, 1.5, 1e16, 1e-7, float('inf'))
cplx = (1j, 2 + 3j, -1.5j)
raw = b'\x00\xff bytes \'"'
uni = 'é ā 蟒 \U0001f600 \u2028'
empty = ('', b'', ())
single = ('*', ' ', 'x', b'a')
one = (1,)
nested = ((1, 2), (1, 2), ('a', 'b'))
ident = ('abc', 'abc_123', '1abc', 'has space', 'has-dash')
ints = (0, 1, -5, 256, 257, -6, 2 ** 31, -2 ** 31, 2 ** 31 - 1, 2 ** 63)


def f():
    return (1, 2), 'has space', 257, 2 ** 100, 1.5


def g():
    return (1, 2), 'has space', 257, 2 ** 100, 1.5
