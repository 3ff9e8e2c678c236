r = a < b < c < d
if a == b == c:
    pass
while a < b <= c:
    a += 1
