class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


def where(p):
    match p:
        case Point(x=0, y=0):
            return "origin"
        case Point(0, y):
            return f"y={y}"
        case Point(x, 0):
            return f"x={x}"
        case Point(x, y=yy) if x == yy:
            return "diag"
        case Point(_, _):
            return "somewhere"
        case int() | float():
            return "number"
        case str(s):
            return s
        case list([Point(a, b), *more]):
            return a, b, more
        case Point(x=Point(x=inner)):
            return inner
        case mod.Thing(a, _, c, k=_, j=jj):
            return a, c, jj
    return None


print(where(Point(0, 0)))
