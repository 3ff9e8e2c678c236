
def foo(*args, **kwargs):
    pass

a, b, c = 1, 2, 3

foo(a, z
        for z in
            range(10), b, c)
