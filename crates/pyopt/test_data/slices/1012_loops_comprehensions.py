x = [i * 2 for i in range(10) if i % 3]
y = {k: v for k, v in zip(a, b)} if a else None
def g(n, m=(1, 2), *, k=-1):
    s = 0
    for i in range(n):
        for j in [1, 2, 3]:
            if i == j or i in (4, 5) or j not in {6, 7}:
                s += i * j
            elif not i:
                pass
            else:
                s -= 1
    return s, m, k, f"{s!r:>10} {m}"
