
def f(
    *, # type: int
    a, # type: int
):
    pass
