# List repetition past memory raises MemoryError.
n = 2**40
x = [0] * n
