def target(x):
    return x + 1

target.label = "increment"
target.uses = 0
target.history = []
for i in range(3):
    target.uses += 1
    target.history.append(target(i))
print(target.label, target.uses, target.history, target.__name__)
target.history[1] *= 10
target.history += [99]
print(target.history)
print("a,b".upper().split(","), " x ".strip().upper().lower().center(5, "_"))
data = {"items": [1, 2, 3]}
data["items"].append(4)
data.get("items").append(5)
print(data, data["items"].index(3), data.keys(), len(data.values()))
print((1).bit_length(), (255).bit_length(), (2 ** 100).bit_length(), (10).__add__(5))
print(3.5.is_integer(), (2.0).is_integer(), 1.5.hex() if False else (0.5).as_integer_ratio())
print("".join(reversed("stressed")), [3, 1, 2].copy(), "abc".index("c"))
def helper(): return "helper"
helper.inner = target
print(helper.inner(41), helper.inner.label, helper(), target.__code__.co_name)
print(target.__code__.co_argcount, target.__code__.co_varnames, target.__code__.co_consts)
