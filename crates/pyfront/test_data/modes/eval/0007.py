f(x)
# c
