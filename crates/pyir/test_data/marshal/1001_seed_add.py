# The tutorial's first example: a function and its disassembly.
import dis

def add(a, b):
    return a + b

dis.dis(add)
print(add(2, 3))
print(add("con", "cat"))
print(add([1], [2, 3]))
