f = lambda: 0
g = lambda x, y=2: x * y
print(f(), g(3))
