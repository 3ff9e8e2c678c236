a, b = 1, 2
x = [a, b]
x[1 + 0] = 3 * 2
x[0] += 2 ** 3
c = {i for i in {1, 2, 2.0, True}} | {a in {1, 2, 3}, b not in {4, (5, 6)}}
d = [k * 2 for k in [a, b, 3] if k not in [1, b]]
e = lambda y=(1, 2, 3)[::2], z=-1: (y, z, not y is z, not y == z)
f = f'{a:>{2 + 3}}|{b!r:{"<" * 2}}|{"%s" % (a,)}'
g = a if not a in (1, 2) else b
def h():
    global a
    a = -(-(-1))
    return 'a' * 2 * 3, ((1, 2) + (3,))[1:], ('%s-%s' % (a, b)).upper()
print(a, b, x, c, d, e(), f, g, h())
