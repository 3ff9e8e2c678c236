def grade(score):
    if score >= 90:
        return "A"
    elif score >= 80:
        return "B"
    elif score >= 70:
        return "C"
    elif score >= 60:
        return "D"
    else:
        return "F"

for s in [95, 85, 75, 65, 55, 90, 0]:
    print(s, grade(s))

for value in [0, 1, -1, "", "x", [], [0], {}, None, 0.0, 0.1, (), (0,), True, False]:
    if value:
        print(repr(value), "truthy")
    else:
        print(repr(value), "falsy")

def fizzbuzz(n):
    if n % 15 == 0:
        return "FizzBuzz"
    elif n % 5 == 0:
        return "Buzz"
    elif n % 3 == 0:
        return "Fizz"
    return str(n)
print(" ".join([fizzbuzz(n) for n in range(1, 16)]))

x = 5
if x > 0:
    if x > 3:
        if x > 4:
            print("deep", x)
        else:
            print("not so deep")
elif x < 0:
    pass
if x == 5: print("one-line if")
if x != 5: print("skipped")
else: print("one-line else")
if not x: pass
elif x: print("elif after pass")
