class Meta(type):
    def __new__(mcs, name, bases, ns, **kw):
        return super().__new__(mcs, name, bases, ns)
class A(*bases, **kws):
    __slots__ = ("__x",)
    def __init__(self, __y):
        self.__x = __y
    class Inner:
        def m(self):
            return __class__
    def gen(self):
        yield from self.__x
    @classmethod
    def make(cls, *a, **k):
        return cls(*a, **k)
def f():
    x = 1
    class B:
        x = x
        def g(self):
            nonlocal_ref = x
            return nonlocal_ref
    return B
