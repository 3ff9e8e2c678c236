class A:
    pass
class B(A, metaclass=M):
    """Doc."""
    x = 1
    def m(self):
        return self.x
class C(B):
    def __init__(self):
        super().__init__()
        self.__priv = 1
    def get(self):
        return self.__priv
    def cls(self):
        return __class__
def outer():
    v = 1
    class D:
        y = v
        def m(self):
            return v
    return D
