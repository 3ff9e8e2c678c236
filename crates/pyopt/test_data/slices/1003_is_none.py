for i in a:
    if i is None:
        continue
    if i is not None:
        b = i
    if None is i:
        c = 1
def f(x):
    if x is None:
        return 1
    return 2
