# apply_static_swaps must not reorder two stores to one local (3.11.7; 3.11.2 did), nor across a store to either.
def f(x, y):
    a, a = x, y
    return a


def g(x, y, z):
    a, b, a = x, y, z
    return a


def h(x, y, z):
    a, a, b = x, y, z
    return a


def k(x, y, z):
    a, b, c = x, y, z
    return a, b, c


print(f("x", "y"), g("x", "y", "z"), h("x", "y", "z"), k(1, 2, 3))
