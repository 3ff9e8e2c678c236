# Expressions the AST optimizer folds (or deliberately refuses to fold).
import dis
print(2 ** 64, "ab" * 3, (1, 2) + (3, 4), -(-5), 1 << 100, "a" "b", 24 * 60 * 60)
print(2 ** 200 == 2 ** 200, len("x" * 5000), len((1,) * 300), "abc"[1], (1, 2, 3)[-1])
x = 2
print(x in [1, 2, 3], x in {1, 2, 3}, x not in (4, 5), not x in [2], not x is None)
for v in [10, 20, 30]:
    print(v, end=" ")
print()
dis.dis(lambda: 2 ** 10 + 1)
dis.dis(lambda: ("a", "b") + ("c",))
dis.dis(lambda: "spam"[1:3])
dis.dis(lambda: -(5))
dis.dis(lambda: 2 ** 200)
dis.dis(lambda: x in [1, 2, 3])
dis.dis(lambda: x in {4, 5, 6})
dis.dis(lambda: not x in [1])
dis.dis(lambda: not (x is None))
dis.dis(lambda: 1 / 0)
dis.dis(lambda: (1, (2, 3), "s", None, b"b", 1.5, True))
dis.dis(lambda: [1, 2, 3])
dis.dis(lambda: {"a": 1, "b": 2})
dis.dis(lambda: x if 1 else 2)
