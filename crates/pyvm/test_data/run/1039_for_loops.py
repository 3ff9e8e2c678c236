for i in range(5):
    print(i, end=" ")
print()
for i in range(10, 0, -3):
    print(i, end=",")
print()
for ch in "héllo":
    if ch == "l":
        continue
    print(ch)
for i in range(3):
    for j in range(3):
        if j > i:
            break
        print((i, j), end=" ")
print()
total = 0
for x in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]:
    if x % 2:
        continue
    total += x
print("even total", total)
for index, letter in enumerate("abc"):
    print(index, letter)
for a, b in zip("xyz", range(100)):
    print(a * (b + 1))
for key in {"first": 1, "second": 2}:
    print(key)
for item in ():
    print("never")
for value in [10]:
    pass
print("last value", value)
found = None
for n in range(2, 100):
    if n * n > 50:
        found = n
        break
print("found", found)
squares = []
for n in range(1, 6):
    squares.append(n ** 2)
print(squares)
for i in range(3):
    i = i * 10
    print(i)
