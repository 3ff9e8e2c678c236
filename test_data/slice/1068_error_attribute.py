# Ends with an AttributeError on a method that does not exist.
items = [3, 1, 2]
items.sort()
print(items)
items.push(4)
