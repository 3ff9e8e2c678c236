# Ends with an uncaught TypeError from a binary operator.
def combine(a, b):
    return a + b

print(combine(1, 2))
print(combine("x", "y"))
total = combine(10,   combine("oops", 5) )
