# CRLF line endings throughout.
x = 10
y = (x +
     5)
def g(a):
    return a - 1

print(g(y), "crlf")
s = """two
lines"""
print(repr(s))
