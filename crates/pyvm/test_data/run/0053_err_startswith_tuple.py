print("abc".startswith(("x", "a")))
print("abc".startswith(("x", 1)))
