def mapping(m):
    match m:
        case {}:
            return 0
        case {"a": 1}:
            return 1
        case {"x": x, "y": y}:
            return x, y
        case {"k": v, **rest}:
            return v, rest
        case {**rest}:
            return rest
        case {1: a, b"b": b, None: c, -2: d, 1.5: e}:
            return a, b, c, d, e
        case {Color.RED: r, "nested": {"deep": [d1, d2]}}:
            return r, d1, d2
    return None


class Color:
    RED = 1


match {"a": 1, "b": 2}:
    case {"a": aa, **others}:
        print(aa, others)
