with (a b):
    pass
