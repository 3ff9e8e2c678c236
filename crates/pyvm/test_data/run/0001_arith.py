a = 7
b = 2
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** b)
print(-a // b, -a % b, a // -b, a % -b, -7.5 // 2, -7.5 % 2)
print(2 ** 100, -(2 ** 63), 2 ** 64 - 1, (2 ** 64) // 3, 10 ** 20 % 7)
print(1 / 3, 2 / 3, 0.1 + 0.2, 1e16, 1e-5, 123456789.125, 1.5e300 * 1e10)
print(3 << 70, -1 >> 3, 5 & 3, 5 | 3, 5 ^ 3, ~5)
print(divmod(7, 2), divmod(-7, 2), divmod(7.5, 2), pow(3, 4), pow(3, 4, 5), pow(2, -1))
print(abs(-3), abs(-2.5), round(2.5), round(3.5), round(2.675, 2), round(1234, -2), round(-0.5))
print(int("42"), int("-0x1f", 16), int("0b101", 0), int(3.9), int(-3.9), float("1.5"), float("inf"), float("-nan"))
print(True + True, True * 3, 1 == 1.0, hash(1) == hash(1.0) == hash(True), 0.1 * 3 == 0.3)
x = 10
x += 5
x *= 2
x -= 1
x //= 4
x **= 3
x %= 100
print(x)
print(max(3, 1, 2), min([4, 5, 1]), sum([1, 2, 3]), sum([0.5, 0.25], 1))
print(float(2 ** 60), 2 ** 0.5, 10 / 4, 9 ** 0.5, (-8) // 3)
print(1_000_000, 0o17, 0xff, 0b11, 1e3, 3.0, -0.0, 100.0, 1e22, 12345678901234567890.0)
