print(-2 ** 2, (-2) ** 2, 2 ** -1, 2 ** 3 ** 2, (2 ** 3) ** 2, -2 ** -2)
print(~5, ~-1, -~5, +-+-3, not 0 + 1, not (0 + 1), - - -7)
print(1 + 2 * 3 - 4 / 2, (1 + 2) * (3 - 4) / 2, 7 // 2 * 2 + 7 % 2, 2 * 3 % 4)
print(1 | 2 ^ 3 & 4, (1 | 2) ^ (3 & 4), 1 << 2 + 1, (1 << 2) + 1, 256 >> 2 >> 1)
print(1 + 2 == 3, 1 < 2 == True, (1 < 2) == True, 3 & 1 == 1, (3 & 1) == 1)
print(not 1 == 2, not 1 in [2], 1 not in [2], None is not None, not None is None)
print(True + True, True * 10, False - 1, True / 2, True // 2, -True, ~True)
print(5 + 2.0, 5 * 2.0, 5 - True, 2 ** 0.5 > 1.41, 10 % 3.5, 7.0 // -2)
print(3 * "ab", "ab" * 3, [0] * 3 + [1], (1, 2) * 2, 2 * [None])
print(-7 // 2, -7 % 2, 7 // -2, 7 % -2, -7 // -2, -7 % -2)
print(0 or 5 and 6, 0 and 5 or 6, 1 if 0 else 2 if 0 else 3, (lambda: 1)() + 1)
a = 6
b = 4
print(a & b, a | b, a ^ b, a << b, a >> 1, a % b, a // b, a / b, a ** b, -a % b)
print(a > b > 0 and a - b or b - a, a if a < b else b, -a if a else +b)
x = 2
print(x * -1, x - -1, x + +1, x ** -x, -x ** 2, (-x) ** 2, x ** 2 ** -1)
print(1e3 * 2, 10 / 3 * 3, 2 ** 100 // 3 ** 40, 2 ** 100 % 1000)
