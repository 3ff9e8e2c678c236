def outer(v):
    def inner():
        return captured
    match v:
        case [captured, *rest]:
            pass
        case {"k": captured}:
            pass
        case captured:
            pass
    return inner, rest


class C:
    match [1, 2]:
        case [__private, b]:
            attr = __private


def nested(x):
    match x:
        case [a]:
            match a:
                case (1 | 2) as b:
                    return b
                case _:
                    return a
        case {"k": {"j": [*_, last]}}:
            return last
    try:
        match x:
            case 1:
                raise ValueError
    except ValueError:
        pass


async def amatch(x):
    match x:
        case [a]:
            await a
