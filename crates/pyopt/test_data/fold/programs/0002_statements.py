'a' + 'b'
for i in [x for x in [1, 2, 3]]:
    print(i)
for j in [i, i + 1]:
    print(j)
def f(a=1 + 2, b=(1, 2) * 2):
    """doc"""
    return a in [b, 1]
def g():
    ('x', 'y')[0]
    return ~5
if __debug__:
    print(f(), g(), __debug__, not __debug__)
while not 1:
    pass
print(f'{1 + 2}{"%s" % (i,)}{-0.0}{1e400 - 1e400}')
