d = {"a": 1, "b": 2}
d["c"] = 3
print(d, len(d), d["a"], d.get("z"), d.get("z", 0), "a" in d, "z" in d)
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.keys(), d.values(), d.items())
for k, v in d.items():
    print(k, v)
d.update({"d": 4}, e=5)
print(d.pop("a"), d.setdefault("f", 6), d.setdefault("b", 99), d)
del d["b"]
print(d, {1: "x", 1.0: "y", True: "z"}, dict(a=1, b=2), dict([(1, 2), (3, 4)]))
sq = dict([(x, x * x) for x in range(5)])
print(sq, {(1, 2): "t"}, {None: 1}, dict(zip("abc", range(3))))
counts = {}
for w in "the cat the dog the end".split():
    counts[w] = counts.get(w, 0) + 1
print(counts, sorted(counts.items(), key=lambda kv: -kv[1]))
print({**{"a": 1}} if False else {"x": 1} | {"y": 2}, d.copy() == d, {} == {})
