a = [x * 2 for x in range(10)]
b = [x for x in items if x]
c = [(x, y) for x in a for y in b]
