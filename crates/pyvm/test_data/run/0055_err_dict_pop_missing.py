d = {"a": 1}
print(d.pop("a"), d.pop("a", None))
d.pop("a")
