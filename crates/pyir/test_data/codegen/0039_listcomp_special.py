a = [y for x in items for y in [x * 2]]
b = [y for x in items for y in (x,)]
