@dec(1)
@other.attr
def f(*args, **kw): return lambda x, *, y=1: x
