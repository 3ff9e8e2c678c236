a = [f(lambda: x) y]
