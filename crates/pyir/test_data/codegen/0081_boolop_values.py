a = x and y and z
b = (x or y) and z
c = not (x and y)
