def f(n):
    total = 0
    for i in range(n):
        for j in range(i):
            if j % 2:
                continue
            if j > 5 and i < 3 or j == 0:
                break
            total += j
        else:
            total -= 1
    while n > 0 and total:
        n -= 1
        if not n:
            break
    return total
