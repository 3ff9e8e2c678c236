match x:
    case {"a": p, **p}:
        pass
