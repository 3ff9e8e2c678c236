for i in range(10):
    if i == 2:
        continue
    if i == 7:
        break
    if i % 2 == 0:
        print(i, "even")
    elif i % 3 == 0:
        print(i, "three")
    else:
        print(i, "other")
else:
    print("no break")
n = 0
while n < 5:
    n += 1
else:
    print("while done", n)
total = 0
for i in range(1, 101):
    total += i
print(total)
x = 5
print("big" if x > 3 else "small", x if x else 0, x and 0, x or 0, None or "d", 0 and 1)
print(1 < x < 10, 1 < x > 10, x == 5 == 5.0, not x, x is None, x is not None)
for i, c in enumerate("abc"):
    print(i, c)
for i, c in enumerate("ab", start=10):
    print(i, c)
for a, b in zip([1, 2, 3], "xy"):
    print(a, b)
print(list(map(lambda v: v * 2, [1, 2, 3])), list(filter(None, [0, 1, "", "a"])), list(filter(lambda v: v > 1, [1, 2, 3])))
i = 0
while True:
    i += 1
    if i > 3:
        break
print(i)
for i in range(3):
    for j in range(3):
        if j == 1:
            break
        print(i, j)
pass
