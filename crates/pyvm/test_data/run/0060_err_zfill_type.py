print("42".zfill(5))
print("42".zfill("5"))
