print([x for x in range(10)])
print([x * x for x in range(10) if x % 2 == 0])
print([x for x in range(30) if x % 2 if x % 3 if x > 4])
print([(x, y) for x in range(3) for y in "ab"])
print([x + y for x in range(4) if x for y in range(x) if y != 1])
print([[j for j in range(i)] for i in range(4)])
print([c.upper() if c in "aeiou" else c for c in "comprehension"])
words = ["alpha", "beta", "gamma", "delta", "epsilon"]
print([w[0] for w in words if len(w) > 4])
print([len(w) for w in words], sum([len(w) for w in words]))
print([i for i, w in enumerate(words) if "l" in w])
print([(k, v) for k, v in {"x": 1, "y": 2}.items()])
print([n for n in [3, 1, 2] if n != 2] + [n * 10 for n in (5, 6)])
matrix = [[1, 2, 3], [4, 5, 6]]
print([row[i] for row in matrix for i in range(len(row)) if i != 1])
print([[row[i] for row in matrix] for i in range(3)])
x = "outer"
print([x for x in "inner"], x)
def evens(limit):
    return [v for v in range(limit) if v % 2 == 0]
print(evens(11), [] == [v for v in []])
print([str(n) * 2 for n in range(1, 4)], [[] for _ in range(2)])
