print("a b".split(maxsplit=1))
print("a b".split(" ", sep=" "))
