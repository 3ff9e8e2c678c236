x = 1
y = 'a%sb%%c' % (x,)
z = '%5s|%-3r|%.2a' % (x,
                      y, x)
w = not x in [1, 2, 3]
v = not (x is
         None)
u = 2 ** 64 + (1 << 127) - (1, 2)[0]
t = 'a' * 4097
s = ('abc'[1], b'xy'[0], 1 / 0 if x else 2 ** -1)
q = -(1,) if x else 3.5 // 0
print(x, y, z, w, v, u, s, q == 3.5, len(t))
