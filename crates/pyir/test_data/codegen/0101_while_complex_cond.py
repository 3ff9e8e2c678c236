while not (a or b) and c:
    a = f(a)
else:
    g()
