@x,
def f(): pass