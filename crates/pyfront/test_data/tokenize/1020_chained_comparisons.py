def loud(label, value):
    print("eval", label)
    return value

a, b, c, d = 1, 2, 3, 3
print(a < b < c, a < b > c, a < b < c <= d, a == b == c, c == d == 3)
print(1 < 2 < 3 < 4 < 5 < 6, 1 < 2 < 3 < 2 < 5)
print(a != b != a, a is a is not None, a in [1, 2] in [[1, 2]])
print(loud("x", 1) < loud("y", 2) < loud("z", 3))
print(loud("p", 5) < loud("q", 2) < loud("r", 3))
print(0 <= a - 1 < 10, -1 < -a < 0, "a" < "b" < "c" < "ca")
print([1, 2] < [1, 3] < [2], (1, 2) == (1, 2) != (2, 1))
x = 5
if 0 < x < 10:
    print("single digit")
if not 0 < x < 3:
    print("not small")
result = 1 < x and x < 10 or x == 100
print(result, 3 > 2 > 1 == True, 2 >= 2 >= 1.5 > 1)
print(1.0 == 1 == True, 0 == False == 0.0 < 1e-300)
