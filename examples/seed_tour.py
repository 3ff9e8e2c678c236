# A tour of the bytecode tutorial's examples (the parts inside the first milestone's slice).
# Run it with `pyvm examples/seed_tour.py`; its expected output is blessed from CPython 3.11 like every golden
# (`cargo xtask golden --bless`), in the run and dis stages.
import dis


def banner(title):
    print()
    print("=" * 60)
    print(f"{title:^60}")
    print("=" * 60)


banner("1. Viewing bytecode")


def add(a, b):
    return a + b


dis.dis(add)
print(f"add(2, 3) = {add(2, 3)}")

banner("2. Understanding bytecode")


def example():
    x = 1        # LOAD_CONST, STORE_FAST
    y = 2        # LOAD_CONST, STORE_FAST
    return x + y # LOAD_FAST, LOAD_FAST, BINARY_ADD, RETURN_VALUE


dis.dis(example)
print(f"example() = {example()}")

banner("3. Constant folding")
x = 24 * 60 * 60  # Compiled to: x = 86400
print(f"x = {x}")
dis.dis(lambda: 24 * 60 * 60)

banner("4. Loop optimization")


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


items = list(range(5))
print(f"slow_loop({items}) = {slow_loop(items)}")
print(f"fast_loop({items}) = {fast_loop(items)}")
print(f"same result: {slow_loop(items) == fast_loop(items)}")
print("-- slow_loop --")
dis.dis(slow_loop)
print("-- fast_loop --")
dis.dis(fast_loop)

banner("5. Local vs global access")
global_var = 10


def use_global():
    return global_var  # LOAD_GLOBAL (slower)


def use_local():
    local_var = 10
    return local_var   # LOAD_FAST (faster)


print(f"use_global() = {use_global()}, use_local() = {use_local()}")
print("-- use_global --")
dis.dis(use_global)
print("-- use_local --")
dis.dis(use_local)

banner("6. Code objects")


def my_function(x):
    return x * 2


code = my_function.__code__

print(f"Arguments: {code.co_argcount}")
print(f"Locals: {code.co_nlocals}")
print(f"Constants: {code.co_consts}")
print(f"Names: {code.co_names}")
print(f"Bytecode: {code.co_code}")
print(f"Name: {code.co_name!r}, first line: {code.co_firstlineno}, stack size: {code.co_stacksize}")
print(f"Variable names: {code.co_varnames}, flags: {code.co_flags:#x}")
dis.dis(my_function)

banner("Key takeaways")
takeaways = [
    "Bytecode is intermediate representation",
    "`dis` module for viewing bytecode",
    "Local variable access is faster than global",
    "Python optimizes constant expressions",
]
for number, line in enumerate(takeaways, 1):
    print(f"{number:>2}. {line}")
