x = 1
del x
del a.b, c[1], d[1:2]
def f():
    y = 2
    del y
    global z
    del z
