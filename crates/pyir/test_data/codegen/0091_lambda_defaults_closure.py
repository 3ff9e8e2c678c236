def f(n):
    return lambda x=n, *, y=2: x + y + n
