f(a=lambda: x y)
