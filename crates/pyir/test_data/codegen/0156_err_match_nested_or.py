def f(x):
    match x:
        case [a, {"k": b}] | [b, {"k": a}]:
            pass
        case (1 | a) | 2:
            pass
