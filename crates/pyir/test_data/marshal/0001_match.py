import enum


class Color(enum.Enum):
    RED = 1
    GREEN = 2


def values(v):
    match v:
        case -0.0:
            return "zero"
        case 1 + 2j:
            return "complex"
        case -1 - 2j:
            return "neg complex"
        case "a" "b":
            return "concat"
        case False:
            return "false"
        case Color.RED | Color.GREEN:
            return "color"
        case enum.Enum.__name__:
            return "dotted"
        case {True: t, False: f, None: n}:
            return t, f, n
        case {"a": 1, **rest} if not rest:
            return "empty rest"
        case [q, {"a": b, **r}]:
            return q, b, r
        case ((1 | 2) as a) | ((3 | 4) as a):
            return a
        case [x, (1 as y) | (2 as y), z]:
            return x, y, z
        case [*all_items]:
            return all_items
        case [*_]:
            return "any sequence"


def guards(v, w):
    match v, w:
        case (a, b) if a and b or not a:
            return 1
        case (a, b) if (c := a + b) > 3:
            return c
        case (1, _) | (_, 1):
            return 2
        case _ if w:
            return 3


def one_case(v):
    match v:
        case _ if v:
            return 1
    match *v, 1:
        case [*_, 1]:
            return 2


def exits(v):
    for i in v:
        match i:
            case 1:
                return i
            case 2:
                break
            case 3:
                continue
            case 4:
                raise ValueError(i)
            case [a, *_, b, c] | [c, b, *_, a]:
                yield a, b, c
            case Color(value=3) | Color(value=4):
                pass
    return None


def wrapped(v):
    try:
        match v:
            case [x]:
                return x
            case _:
                pass
    finally:
        print("done")
    with open(v) as f:
        match f.read():
            case "":
                return None
            case text:
                return text
