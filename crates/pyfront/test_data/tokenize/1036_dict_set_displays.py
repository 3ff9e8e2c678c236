empty = {}
d = {"one": 1, "two": 2, "three": 3}
print(empty, d, len(d), d["two"])
dup = {"k": 1, "j": 2, "k": 3}
print(dup, list(dup))
mixed_keys = {1: "int", 1.5: "float", "s": "str", (1, 2): "tuple", None: "none", True: "bool"}
print(mixed_keys)
key = "dynamic"
dyn = {key: 1, key + "2": 2, 3 * 3: [1, 2]}
print(dyn)
nested = {"a": {"b": {"c": [1, {"d": None}]}}}
print(nested["a"]["b"]["c"][1]["d"], nested)
d["four"] = 4
d["one"] = 100
print(d, "two" in d, "five" not in d)
print(d.get("five"), d.get("five", 5), d.get("one"))
print(list(d.keys()), list(d.values()), list(d.items())[:2])
print(d.pop("two"), d, d.setdefault("six", 6), d)
s = {3, 1, 2, 3, 1}
print(s, len(s), 2 in s, 5 in s)
s.add(10)
s.add(-1)
print(sorted(s), {1, 2} | {2, 3}, {1, 2} & {2, 3}, {1, 2} - {2, 3}, {1, 2} ^ {2, 3})
print(set([n % 4 for n in range(10)]))
print(set(), {0}, {(1, 2), (1, 2)}, {True, 1, 1.0})
print(sorted({"pear", "apple", "fig"}), "apple" in {"apple", "fig"})
letter = "b"
print(letter in {"a", "b", "c"}, letter in ["x", "y"], letter not in ("a", "b"))
big = dict([(i, i * i) for i in range(5)])
print(big, dict(big) == big, dict(big) is big)
print({"x": 1} == {"x": 1}, {1, 2} == {2, 1}, {1: 2} != {1: 3})
consts = {"a": 1, "b": 2, "c": 3, "d": 4}
print(consts, {1: "a", 2: "b"}[2])
