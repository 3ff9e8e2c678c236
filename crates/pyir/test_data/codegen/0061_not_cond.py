if not x:
    y = 1
if not (a or b):
    y = 2
