@d
def f(): pass
x