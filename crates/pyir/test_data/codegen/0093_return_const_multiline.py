def f(x):
    return (
        1)
def g():
    return \
        None
