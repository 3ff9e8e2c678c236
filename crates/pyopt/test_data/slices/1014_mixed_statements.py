import dis
a = b = c = 1
a.x, b[1], c[1:2] = 1, 2, 3
del a
a, *b, c = range(10)
print(a, b, c, sep='', end='\n')
(lambda x, y=2: x + y)(1)
z = not a == b
w = a if not b else c
q = (a < b) == (b < c)
if a if b else c:
    pass
