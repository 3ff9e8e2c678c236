def f(a):
    if a:
        return 1
    else:
        x = 2
    return x
