def h(a, b):
    a, b = b, a
    return a
def gen():
    yield 1
