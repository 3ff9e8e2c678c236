# Ends with a TypeError from calling a function with too many arguments.
def pair(a, b):
    return (a, b)

print(pair(1, 2))
print(pair(b=1, a=2))
print(pair(1, 2, 3))
