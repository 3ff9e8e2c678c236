a, b = 1, 2
[c, d] = x
a, *rest = x
*init, last = x
first, *mid, end = x
a, b = b, a
