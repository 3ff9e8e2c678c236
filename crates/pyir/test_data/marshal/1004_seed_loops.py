import dis

# Slower - attribute lookup in loop
def slow_loop(items):
    result = []
    for item in items:
        result.append(item * 2)  # Looks up 'append' each time
    return result

# Faster - hoist lookup
def fast_loop(items):
    result = []
    append = result.append  # Single lookup
    for item in items:
        append(item * 2)
    return result

print(slow_loop([1, 2, 3]))
print(fast_loop(range(5)))
print(slow_loop("ab"))
dis.dis(slow_loop)
dis.dis(fast_loop)
