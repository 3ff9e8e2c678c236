import dis
x = 1
a, b = b, a
x.y[1:2, ::3] += f(1, *a, k=2, **kw)
if a < b <= c and not d or e:
    pass
elif x:
    y = [i*2 for i in range(10) if i % 2]
else:
    z = {1: 'a', **d}
def f(a, b=2, *args, c, d=4, **kw):
    global g
    return lambda x, y=1: x + y if x else -y
while True:
    break
for i, j in enumerate(x):
    continue
s = f'a{b!r:>{w}} {c=}' 'x' "y"
t = (1,), (), (1, 2), {1, 2}, b'\x00', 1e10, 10j, 0xFF_FF, 123456789012345678901234567890
u = x if y else z
print(a.b.c(d)[e], ...)
