counter = 0
log = []

def increment(step=1):
    global counter
    counter += step
    log.append(counter)

def reset():
    global counter, log
    counter = 0
    log = ["reset"]

def read_only():
    return counter * 2

def shadow():
    counter = 100
    return counter

for i in range(3):
    increment(i)
print(counter, log, read_only(), shadow(), counter)
reset()
print(counter, log)
increment()
print(counter, log)

def make_global():
    global created_later
    created_later = "made inside a function"
make_global()
print(created_later)

def uses_builtin():
    return len("four")
print(uses_builtin())
len = lambda s: 42
print(uses_builtin(), len("x"))

def swap_globals():
    global first, second
    first, second = second, first
first, second = "one", "two"
swap_globals()
print(first, second)
