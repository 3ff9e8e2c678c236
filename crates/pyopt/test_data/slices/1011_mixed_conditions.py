def f(a, b, c):
    if a < b < c and (b or c) and not (a and c):
        return [x for x in a if x and (x > 1 or x < -1) if not x]
    while a and (b or not c):
        a, b, c = b, c, a
        if a is None or b is not None:
            continue
        elif c:
            break
    else:
        return 1 if a else 2 if b else 3
    return a
