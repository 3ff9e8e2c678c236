def f(a):
    return a and a.b and a.b.c or a or None
def g(a):
    if not a:
        if a:
            return 1
    elif a == 2:
        return
    return g(a - 1) if a > 0 else -a
def h():
    while 1:
        x = 1
        if x:
            while True:
                if x:
                    break
            continue
    return 5
x = f(1) or g(2) and h()
