if x:
    pass

