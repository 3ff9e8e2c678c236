class C:
    match x:
        case [__a, _C__a]:
            pass
