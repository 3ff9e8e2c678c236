if True:
    x = (
