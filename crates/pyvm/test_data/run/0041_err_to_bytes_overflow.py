print((255).to_bytes(1, "big"))
n = 256
print(n.to_bytes(1, "big"))
