x = a and b or c
y = (a or b) and c
z = (a and b) and c
w = (a or b) or c
if a and b or c:
    pass
if (a or b) and not c:
    d = 1
