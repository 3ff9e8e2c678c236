x: int = 1
y: str
a.b: int = 2
c[0]: float
def f(a: int, b: "str" = "x", *args: tuple, k: bool = True, **kw: dict) -> None:
    z: int = 3
    return a
class K:
    attr: int
    other: list = []
