g = (x * 2 for x in range(10) if x)
h = (a + b for a in xs for b in ys)
print(sum(i for i in range(3)))
s = {k for k in data}
d = {k: v for k, v in items.items() if v}
def f(xs):
    return list(y for y in xs if y > 0)
