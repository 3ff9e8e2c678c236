a = 1 + 2 * 3 - 4 / 5 // 6 % 7 @ m
b = 2 ** 3 ** 4
c = -2 ** 2
d = a << 1 >> 2 & 3 | 4 ^ 5
e = a and b and c or d or not e
f = a < b > c == d != e <= f >= g in h not in i is j is not k
g = (a or b) and (c or d)
h = a if b else c if d else e
i = lambda: 0
j = lambda a, *b, c=1, **d: a
k = not not x
l = (x := 1) if False else (y := 2)
