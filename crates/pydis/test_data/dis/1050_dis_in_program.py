import dis

def loop(n):
    total = 0
    for i in range(n):
        if i % 2:
            continue
        total += i
    return total

def while_loop(n):
    while n > 0:
        n -= 1
        if n == 5:
            break
    return n

def comprehension(items):
    return [x * 2 for x in items if x]

def calls(a, b=2):
    return max(a, b, key=abs), print(a, sep="")

def fstring(name, width):
    return f"{name!r:>{width}} {width:03d} {name!s}"

def chained(a, b, c):
    return a < b < c

def boolean(a, b):
    return a and b or not a

def attrs(obj):
    obj.count += 1
    obj.items[0] = obj.count
    return obj.items[1:3]

def unpack(seq):
    a, (b, c) = seq
    a, b = b, a
    return a, b, c

for f in [loop, while_loop, comprehension, calls, fstring, chained, boolean, attrs, unpack]:
    print("==", f.__name__)
    dis.dis(f)
print(loop(10), while_loop(10), comprehension([0, 1, 2]), chained(1, 2, 3), boolean(0, 1))
print(fstring("ab", 6), unpack((1, (2, 3))))
