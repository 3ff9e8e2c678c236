def slow_loop(items):
    result = []
    for item in items:
        result.append(item * 2)
    return result

def fast_loop(items):
    result = []
    append = result.append
    for item in items:
        append(item * 2)
    return result

items = list(range(200000))
total = 0
for _ in range(5):
    total += len(slow_loop(items)) + len(fast_loop(items))
print(total)
