def f5(*args: *b = (1,)): pass
