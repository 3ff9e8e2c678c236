def kernel(n):
    acc = 0
    for i in range(n):
        for j in range(n):
            acc = (acc + i * j + (i ^ j)) % 1000003
    return acc

print(kernel(600))
