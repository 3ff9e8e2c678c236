(a, b), c = x
[a, [b, *c]] = y
for i, (j, k) in z:
    pass
