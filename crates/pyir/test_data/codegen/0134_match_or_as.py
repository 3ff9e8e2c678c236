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
