match x:
    case {"a": 1, "b": [c, d], **c}:
        pass
