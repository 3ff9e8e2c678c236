a = x and y
b = x or y
c = x and y or z
d = x or y and z
if x and y:
    pass
if x or y:
    pass
