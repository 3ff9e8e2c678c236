def f(x):
    if x:
        raise ValueError("bad")
    raise TypeError from x
try:
    f(1)
except ValueError:
    raise
