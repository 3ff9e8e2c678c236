data = b"caf\xc3\xa9 \xe2\x82"
print(data[:5].decode())
print(data.decode("utf-8"))
