match ...:
    case {**_}:
        pass