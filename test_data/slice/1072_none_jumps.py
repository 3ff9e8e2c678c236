# Conditions on `is None` / `is not None`: the POP_JUMP_*_IF_NONE / IF_NOT_NONE family, forward and backward.
def first_none(items):
    i = 0
    while items[i] is not None:
        i += 1
    return i

def skip_nones(items):
    out = []
    for item in items:
        if item is None:
            continue
        out.append(item)
    return out

def chain(table, key):
    steps = 0
    while key is not None:
        key = table.get(key)
        steps += 1
    return steps

def describe(value):
    if value is not None:
        return "value"
    else:
        return "none"

value = None
if value is None:
    print("module-level None")
if value is not None:
    print("never")
print(first_none([1, 2, None, 4]), skip_nones([None, 1, None, 2]))
print(chain({"a": "b", "b": "c"}, "a"), describe(0), describe(None))
while value is None:
    value = 3
print(value, not value is None, (value is None) is False)
