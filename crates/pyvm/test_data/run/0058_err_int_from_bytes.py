print(int.from_bytes(b"\x01\x00", "little"))
print(int.from_bytes(b"\x01", "middle"))
