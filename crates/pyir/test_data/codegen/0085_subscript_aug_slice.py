a[1:2] += b
a[i][j] = a[j][i]
del a[0]
del obj.attr
del x
