def f(x):
    if x:
        return
    return None
def g(x):
    for i in x:
        return i
    return 5
