def f(x):
    """Doc of f."""
    return x * 2
