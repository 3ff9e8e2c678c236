def gen(n):
    i = 0
    while i < n:
        yield i
        i += 1
    yield
    x = yield 5
    return x

def deleg(it):
    r = yield from it
    yield from range(3)
    return r
