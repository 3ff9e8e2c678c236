def describe(name, kind="thing", size=1, color="grey", weight=0.5, tags=None):
    return f"{name}: {kind}, size={size}, color={color}, weight={weight}, tags={tags}"

print(describe("rock"))
print(describe("apple", "fruit", color="red"))
print(describe(tags=["t"], weight=2, color="blue", size=3, kind="box", name="crate"))
print(describe("x", "y", 1, "z", 9.5, ()))
print(describe(name="kw only", size=describe("nested", size=0)[:6]))
def pos(a, b, c):
    return a * 100 + b * 10 + c
print(pos(1, 2, 3), pos(1, c=3, b=2), pos(c=1, a=3, b=2))
print(pos(pos(0, 0, 1), pos(0, 1, 0), c=pos(1, 0, 0) // 100))
print(dict(a=1, b=2), dict([("x", 1)], y=2), sorted([3, 1, 2], reverse=True))
print("sep test", 1, 2.0, None, sep=" | ", end=" <end>\n")
print(round(number=2.567, ndigits=1) if False else round(2.567, ndigits=1), int("z", base=36))
print(max(1, 2, 3, key=lambda v: -v), min([4, 5], key=lambda v: v % 2), sum([1, 2], 10))
