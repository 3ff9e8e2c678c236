# Ends with an UnboundLocalError: the assignment makes the name local to the function.
total = 5
def bump():
    total += 1
    return total
print("calling bump")
bump()
