# No newline at the end of this file.
x = 1
def f(a):
    return a * 2
print(f(x))
if x:
    print("last line has no newline")