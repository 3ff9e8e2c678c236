def f():
    global g
    def g():
        return 1
    return g
