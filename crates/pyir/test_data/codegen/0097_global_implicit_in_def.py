x = 1
def f():
    return x + y
def g(y):
    y += x
    return y
