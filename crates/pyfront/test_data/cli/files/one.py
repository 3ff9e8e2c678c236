def f(a):  # type: (int) -> None
    return a
