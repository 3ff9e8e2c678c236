class C:
    """Doc."""
    attr = 1

    def method(self, a, *args, k=1, **kw):
        def inner():
            return a + k
        return inner

    class Nested:
        def deep(self):
            return [x for x in range(3)]


def outer():
    class Local:
        pass

    class Local2:
        pass

    def f():
        class Local:
            pass
        return Local
    return Local, Local2, f


def outer2():
    class Local:
        pass
    return Local


def gen():
    yield 1
    yield from range(3)


def uses_cells(a):
    b = 2

    def inner():
        nonlocal b
        b += a
        return b
    return inner


lam = lambda: (lambda: 1)
