match x:
    case {"x": 1, "x": 2}:
        pass
