g = None


def uses_global(v):
    global g
    match v:
        case [g, *_]:
            pass
    return g


def uses_nonlocal(v):
    cell = None

    def inner():
        nonlocal cell
        match v:
            case {"k": cell}:
                pass
        return cell

    return inner


def closure(v):
    match v:
        case (a, b):
            return lambda: a + b
        case [*rest] if any(x for x in rest if x == rest):
            return [lambda: r for r in rest]


class Holder:
    match (1, 2):
        case (__first, second):
            pass

    def method(self, v):
        match v:
            case Holder(__attr=__value):
                return __value
            case {"x": __priv}:
                return __priv


match Holder():
    case Holder(method=m):
        print(m)
    case object(__class__=cls, __doc__=doc):
        print(cls, doc)
