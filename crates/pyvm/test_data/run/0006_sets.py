s = {3, 1, 2}
print(s, len(s), 2 in s, 5 in s)
s.add(10)
s.add(1)
s.discard(3)
print(s, sorted(s))
print({1, 2, 3} | {3, 4}, {1, 2, 3} & {2, 3, 4}, {1, 2, 3} - {2}, {1, 2} ^ {2, 3})
print(set(), set([5, 5, 6]), set("hello"), frozenset([3, 2, 1]), {100, 10, 1000, 7, 33})
fruit = "apple"
print({fruit, "banana", "cherry"}, {"b", "a"}, set("abcdef"))
big = set(range(20, 0, -3))
print(big, set([x % 7 for x in range(30)]))
t = set()
for i in [64, 32, 16, 8, 4, 2, 1, 0, -1, -8]:
    t.add(i)
print(t)
u = {1, 2}
u.update([3, 4], {5})
print(u, {1, 2} <= {1, 2, 3}, {1, 2} < {1, 2}, {1, 2}.issubset({1, 2, 3}), {1.0, 1, True})
m1 = -1
print({m1, -2, 5}, {2 ** 40, 7}, {0.5, 1.5}, {(1, 2), (0, 0)}, {None, 1})
