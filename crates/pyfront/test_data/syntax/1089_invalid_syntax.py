@pass
def f(): pass