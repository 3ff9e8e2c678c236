print("abc".translate({97: "A"}))
print("abc".translate({97: 1.5}))
