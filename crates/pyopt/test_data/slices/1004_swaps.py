def f(a, b, c):
    a, b = b, a
    a, b, c = c, b, a
    a, b, c = b, c, a
    x, y = a, b
    (a, b), c = (c, a), b
    return a, b, c
a, b = b, a
a, b, c = c, a, b
