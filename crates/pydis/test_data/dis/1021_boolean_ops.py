def show(label, value):
    print("  visit", label)
    return value

print(1 and 2, 0 and 2, 1 or 2, 0 or 2, None or "default", "" or [] or {} or 0)
print(not 1, not 0, not "", not "x", not [], not None)
print(show("a", 0) and show("b", 1))
print(show("c", 1) and show("d", 0) and show("e", 1))
print(show("f", 0) or show("g", "") or show("h", "found"))
print(show("i", 1) or show("j", 2))
x = 7
print(x > 5 and "big" or "small", x < 5 and "big" or "small")
print((x and not x) or (not x or x))
flag = True
count = 0
while flag and count < 3 or count == 10:
    count += 1
    if count >= 3:
        flag = False
print(count, flag)
values = [0, 1, "", "a", None, [], [0], 0.0, 0.5]
print([v for v in values if v], [bool(v) for v in values])
print(True and False or True, True or False and False, not True == False)
print(1 if 0 and 1 or 2 else 3)
