obj.m()
obj.m(1, k=2)
s = 'a,b'.split(',')
x.y.z(1)
