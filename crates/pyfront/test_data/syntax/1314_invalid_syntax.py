def f():
    nonlocal x: int
