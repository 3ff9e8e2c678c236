# Ends with an uncaught KeyError on a missing dictionary key.
prices = {"apple": 1.25, "pear": 0.75}
def cost(item, count=1):
    return prices[item] * count

print(cost("apple", 4))
print(cost(count=2, item="pear"))
print(cost("durian"))
