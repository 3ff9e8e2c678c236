def factorial(n):
    result = 1
    i = 2
    while i <= n:
        result *= i
        i += 1
    return result

def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a

print(factorial(30))
print(factorial(60))
print(fib(100), fib(200))
big = factorial(40)
print(big // fib(90), big % fib(90))
print(-big // 12345678901234567, -big % 12345678901234567)
print(divmod(big, 10 ** 20))
print(divmod(-big, 10 ** 20))
print(pow(3, 200), pow(3, 200, 1000000007))
print(big & (2 ** 64 - 1), big | 1, big ^ big, ~big)
print(big >> 50, big << 3)
print(big == factorial(40), big < factorial(41), big > -big)
print(abs(-big) == big, -(-big) == big)
print(fib(300) - fib(299) == fib(298))
print(str(2 ** 1000)[:20], len(str(2 ** 1000)))
print(7 ** 77 * 0, (-3) ** 41)
