print(b"abc".find(b"c"), b"abc".find(99))
print(b"abc".find("c"))
