match command.split():
    case [action]:
        pass
    case [action, obj]:
        pass
    case Point(x=0, y=0):
        print("Origin")
    case Point(1, 2, x=3) | Foo.Bar() as zz:
        pass
    case [Point(x=0, y=0), *rest] if rest:
        pass
    case {"x": 1, 2: [a, *_], C.D: None, **kw}:
        pass
    case {}:
        pass
    case {**kw,}:
        pass
    case (1 | 2 | 3):
        pass
    case (a, b,):
        pass
    case ():
        pass
    case (x,):
        pass
    case -1 | 1.5 | -2j | 1 + 2j | -3 - 4j | "s" "t" | b"x":
        pass
    case None | True | False:
        pass
    case _:
        pass
match x, *y:
    case 1, *_:
        pass
    case *a, b,:
        pass
match (x):
    case a.b.c:
        match y:
            case q:
                pass
    case [[1, 2], (3, 4)] as p:
        pass
