square = lambda x: x * x
add = lambda a, b=10: a + b
const = lambda: "constant"
print(square(7), add(1), add(1, 2), add(b=5, a=5), const())
print((lambda x, y: x * y)(6, 7), (lambda: None)())
pairs = [(3, "c"), (1, "a"), (2, "b"), (1, "z")]
print(sorted(pairs, key=lambda p: p[1]))
print(sorted(pairs, key=lambda p: (-p[0], p[1])))
ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
for sym in ["+", "-", "*"]:
    print(sym, ops[sym](12, 5))
compose = lambda f, g: lambda x: f(g(x)) if False else None
print(compose(square, square)(3))
apply_twice = lambda f, v: f(f(v))
print(apply_twice(square, 3), apply_twice(lambda s: s + "!", "hey"))
print(square.__name__, (lambda: 0).__name__)
fns = [lambda v, k=k: v + k for k in range(3)]
print([fn(10) for fn in fns])
default_list = lambda acc=[]: acc
default_list().append(1)
print(default_list())
print(list(map(lambda c: c.upper(), "abc")), list(filter(lambda n: n % 2, range(7))))
