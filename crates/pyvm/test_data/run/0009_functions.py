def add(a, b=10, c=20):
    return a + b + c

print(add(1), add(1, 2), add(1, c=3), add(a=1, b=1, c=1), add(*[1, 2, 3]) if False else add(1, 2, 3))

def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)

print(fact(10), fact(30))

def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a

print([fib(i) for i in range(15)], fib(100))
counter = 0

def inc():
    global counter
    counter += 1
    return counter

inc()
inc()
print(counter, inc())
sq = lambda x: x * x
print(sq(7), (lambda: 42)(), sorted([3, -1, 2], key=lambda v: abs(v)))

def noret():
    pass

print(noret(), add.__name__, sq.__name__, fact.__qualname__)

def outer():
    def inner(y):
        return y + 1
    return inner(1), inner.__qualname__

print(outer())

def defaults(x, items=[]):
    items.append(x)
    return items

print(defaults(1), defaults(2))
print(callable(add), callable(3), add.__defaults__, type(add), type(len))
