# A repetition no memory can hold raises MemoryError; it must never abort.
print('ab' * 3, [1, 2] * 2, (0,) * 3, b'x' * 0, 'q' * -1)
x = 'a' * (2**62)
