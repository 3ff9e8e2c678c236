assert x
assert x > 0, "x must be positive"
def f(a):
    assert a, f"bad {a}"
    return a
