t = (1, "two", 3.0)
print(t, len(t), t[1], t[-1], t[0:2], (1,), (), t + (4,), t * 2)
a, b, c = t
print(a, b, c)
x, *rest = [1, 2, 3, 4]
*init, y = "abc"
print(x, rest, init, y)
p, (q, r) = 1, (2, 3)
print(p, q, r, (1, 2) < (1, 3), (1, 2) == (1, 2), t.count(1), t.index(3.0))
print(hash((1, 2)) == hash((1, 2)), tuple([1, 2]), tuple("ab"), divmod(9, 4))
print(sorted([(2, "b"), (1, "z"), (2, "a")]), max([(1, 2), (1, 3)]))
