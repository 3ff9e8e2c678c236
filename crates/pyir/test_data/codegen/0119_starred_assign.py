a, *b = xs
*c, d = ys
e, *f, g = zs
[h, *i] = ws
def fn(t):
    first, *rest = t
    return first, rest
