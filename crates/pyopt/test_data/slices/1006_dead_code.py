def f(a):
    return a
    x = 1
def g(a):
    if a:
        return 1
    else:
        return 2
    return 3
def h(a):
    while a:
        if a:
            break
        else:
            continue
        a = 1
    raise a
def k(a):
    for i in a:
        return i
    else:
        return 0
