r = a if b else c if d else e
if (x if y else z) and w:
    pass
