a = x if c else y
if (a if b else c):
    pass
