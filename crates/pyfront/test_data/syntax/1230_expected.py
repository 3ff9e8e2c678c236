if x:
    pass
else