def f(a, b):
    c = a
    d, e = b
    for g in c:
        h = g
    return h
