a, b = 1, 2
print(a, b)
a, b = b, a
print(a, b)
x, y, z = z0, y0, x0 = 3, 4, 5
print(x, y, z, x0, y0, z0)
x, y, z = z, x, y
print(x, y, z)
(p, q), r = (1, 2), 3
print(p, q, r)
[m, n] = "mn"
print(m, n)
first, (second, (third, fourth)) = [1, [2, (3, 4)]]
print(first, second, third, fourth)
i, j, k = range(3)
print(i, j, k)
pairs = [(1, "one"), (2, "two"), (3, "three")]
for num, word in pairs:
    print(num, word)
for idx, (num, word) in enumerate(pairs):
    print(idx, num, word[0])
d = {"a": 1, "b": 2}
for key, value in d.items():
    print(key, value)
def divide(n, m):
    return n // m, n % m
quot, rem = divide(17, 5)
print(quot, rem)
t = 1, 2, 3
u, v, w = t
print(u + v + w, t)
lst = [0, 0, 0]
lst[0], lst[2] = 10, 20
print(lst)
def f(): pass
f.one, f.two = "attr1", "attr2"
print(f.one, f.two)
a = b = c = [1]
a.append(2)
print(a, b, c, a is c)
(single,) = [42]
print(single)
