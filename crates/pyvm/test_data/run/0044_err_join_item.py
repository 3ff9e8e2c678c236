words = ["a", "b", 3]
print(", ".join(words[:2]))
print(", ".join(words))
