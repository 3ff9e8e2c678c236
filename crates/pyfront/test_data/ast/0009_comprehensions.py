a = [x for x in y]
b = [x for x in y if x if z for w in x]
c = {k: v for k, v in items}
d = {x for x in y}
e = (x for x in y)
f = [(x, y) for x in a for y in b]
g = [i for i, in pairs]
h = [x async for x in y] if False else None
