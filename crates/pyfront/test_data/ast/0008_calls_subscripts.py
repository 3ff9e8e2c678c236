f()
f(a)
f(a, b, *c, d=1, **e)
f(*a, *b, **c, **d)
f(x for x in y)
a.b.c.d
a[1]
a[1:2]
a[::2]
a[1:2, 3]
a[:, None]
a[1,]
a[b:=1]
x.y.z(1)(2)[3]
obj.method(arg).attr[0] = value
