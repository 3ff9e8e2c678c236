n = 27
steps = 0
peak = n
while n != 1:
    if n % 2 == 0:
        n //= 2
    else:
        n = 3 * n + 1
    if n > peak:
        peak = n
    steps += 1
print("collatz", steps, peak)

i = 0
while True:
    i += 1
    if i % 3 == 0:
        continue
    if i > 10:
        break
    print("i", i)

outer = 0
while outer < 3:
    inner = 0
    while inner < outer:
        print("pair", outer, inner)
        inner += 1
    outer += 1

countdown = 5
while countdown:
    countdown -= 1
print("liftoff", countdown)

def first_power_above(base, limit):
    value = 1
    while value <= limit:
        value *= base
    return value
print(first_power_above(2, 1000), first_power_above(10, 10 ** 20))

items = [5, 3, 0, 8]
while items and items[-1] != 0:
    print("pop", items.pop())
print(items)
