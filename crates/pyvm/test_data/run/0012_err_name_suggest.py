counter = 1
def work():
    total = 0
    return totl + counter
print(work())
