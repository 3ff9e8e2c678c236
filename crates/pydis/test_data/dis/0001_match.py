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
def alt(v):
    match v:
        case (1 | 2 | 3) as small:
            return small
        case [x, y] | (y, x, _):
            return x, y
        case {"a": a, "b": b} | [b, a]:
            return a, b
        case [1, (2 | 3) as z] | [z, 4]:
            return z
        case (Point(x=a, y=b) | Point(a, b)) as pt:
            return a, b, pt
        case [p, q, r] | [r, p, q] | [q, r, p]:
            return p, q, r
        case (str() as s) | [s]:
            return s
        case ([a, b] as whole) if a < b:
            return whole
        case _ as anything:
            return anything


match 5:
    case 1 | 2:
        pass
    case (3 | 4) as n:
        print(n)
    case other:
        print(other)
