while True:
    pass
for i in a:
    pass
def f():
    pass
if a:
    pass
elif b:
    pass
else:
    pass
def g(a):
    while a:
        a = a - 1
    else:
        pass
