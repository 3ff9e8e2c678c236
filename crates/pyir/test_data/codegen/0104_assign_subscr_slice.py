a[1:2] = b
a[::] = c
a[x:y, z] = d
