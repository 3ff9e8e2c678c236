print("banana".count("a", 1, 4))
print("banana".count(None))
