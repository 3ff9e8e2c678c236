print("abc".replace("b", "x"))
print("abc".replace("b", 2))
