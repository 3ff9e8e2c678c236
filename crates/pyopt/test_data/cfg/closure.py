def f(a, b):
    def g():
        return a + c
    c = 1
    return g
