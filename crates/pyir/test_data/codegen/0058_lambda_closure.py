def mk(n):
    return lambda x: x + n
