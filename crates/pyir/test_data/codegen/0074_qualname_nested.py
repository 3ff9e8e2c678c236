def a():
    def b():
        def c():
            pass
        return c
    l = lambda: b
    return [l for _ in b()]
