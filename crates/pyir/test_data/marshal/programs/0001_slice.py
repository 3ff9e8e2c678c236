"""Module docstring."""
import dis

x = 1
y = x + 2 * 3
name = 'world'
print(f"hello {name!r:>10} {y}")
a, b = b, a = 1, 2
items = [1, 2, 3]
squares = [i * i for i in items if i % 2]
d = {'a': 1, 'b': 2}
s = {1, 2, 3}
t = (1, 'two', 3.0, None, True, False)


def f(p, q=10, r='r'):
    global x
    x = p + q
    return x if p else q


def g():
    return lambda z: z + 1


while x < 100:
    x += 7
    if x == 50:
        break
    elif x > 60:
        continue
    else:
        pass

for i in range(3):
    print(i, end=' ', sep='')

obj = object()
text = 'a b'.upper().split(' ')[0:1]
result = f(1, q=2) < g()(3) <= 10
print(not x, -y, ~y, x and y or not y, 1 if x else 2)
