print("naïve".encode("ascii", "replace"))
print("naïve café".encode("ascii"))
