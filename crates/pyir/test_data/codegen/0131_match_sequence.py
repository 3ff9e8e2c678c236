def seq(p):
    match p:
        case []:
            return 0
        case [x]:
            return x
        case [x, y]:
            return x + y
        case (a, b, c):
            return a
        case [first, *rest]:
            return rest
        case [*init, last]:
            return init
        case [a, *mid, b, c]:
            return mid
        case [first, *_]:
            return first
        case [*_, last]:
            return last
        case [a, *_, b, c]:
            return a, b, c
        case [_, _, *_]:
            return 2
        case [*_]:
            return 1
        case [_, [x, y], *_, (z, w)]:
            return x, y, z, w
    return None


match [1, 2, 3]:
    case [a, b, *c]:
        print(a, b, c)
    case [*c, a, b]:
        print(a, b, c)
