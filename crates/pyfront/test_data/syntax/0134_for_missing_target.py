for in y:
    pass
