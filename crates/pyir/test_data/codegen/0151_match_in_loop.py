match item:
    case [a, b]:
        x = 1
    case _:
        pass
y = 2

def loop(items):
    for item in items:
        match item:
            case [a, b]:
                x = 1
            case _:
                pass
def loop2(items):
    for item in items:
        match item:
            case [a, b]:
                while a:
                    a -= 1
            case 1:
                pass

def loop(items):
    for item in items:
        match item:
            case 0:
                continue
            case 1:
                break
            case [a, b] if a:
                while a:
                    a -= 1
            case _:
                pass
    else:
        return 0
    return 1


