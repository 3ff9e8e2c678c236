print("a,b,c".rsplit(",", 1))
print("a,b,c".rsplit(",", "1"))
