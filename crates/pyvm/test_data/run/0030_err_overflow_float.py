big = 2 ** 10000
print(float(big))
