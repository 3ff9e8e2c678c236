def f(a, b):
    c = a + b
    g = lambda: a + c
    h = [a * x for x in range(b)]
    def i():
        return b
    return g, h, i
