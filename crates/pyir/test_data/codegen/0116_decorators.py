@dec
def f():
    pass
@a.b(1)
@c
def g(x):
    return x
@dataclass
class P:
    x = 0
    @property
    def y(self):
        return self.x
    @staticmethod
    def s():
        return 1
