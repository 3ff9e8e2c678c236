def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

def gcd(a, b):
    return a if b == 0 else gcd(b, a % b)

def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))

def hanoi(n, src, dst, via, moves):
    if n == 0:
        return moves
    moves = hanoi(n - 1, src, via, dst, moves)
    moves.append(src + dst)
    return hanoi(n - 1, via, dst, src, moves)

def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)

def power_set(items):
    if not items:
        return [[]]
    rest = power_set(items[1:])
    result = rest[:]
    for r in rest:
        result.append([items[0]] + r)
    return result

print([fib(i) for i in range(15)])
print(gcd(1071, 462), gcd(2 ** 40, 6 ** 20))
print(ackermann(2, 3), ackermann(3, 3))
print(hanoi(3, "A", "C", "B", []), len(hanoi(10, "A", "C", "B", [])))
print(depth(200))
print(power_set([1, 2, 3]))
