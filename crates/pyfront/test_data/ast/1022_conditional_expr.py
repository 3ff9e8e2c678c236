def classify(n):
    return "negative" if n < 0 else "zero" if n == 0 else "small" if n < 10 else "large"

for n in [-5, 0, 3, 42]:
    print(n, classify(n))
x = 3
y = (x if x > 2 else -x) * (2 if x % 2 else 3)
print(y)
print([("even" if i % 2 == 0 else "odd") for i in range(5)])
f = lambda v: v if v else "empty"
print(f(0), f(""), f("full"), f([1]))
z = (lambda q: q * 2)(5) if x else None
print(z, None if z else 1, (1 if True else 2) if False else (3 if False else 4))
print("yes" if [] == [] else "no", 1 + (10 if x == 3 else 20) * 2)
