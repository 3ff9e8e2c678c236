b = b"hello"
print(b, len(b), b[0], b[-1], b[1:3], b[::-1], list(b))
print(b"\x00\x01\xff", b"\t\n\r", b"quote'", b'dq"', b"both'\"", rb"\d")
print(b + b" world", b * 2, b"ell" in b, b"z" not in b, 104 in b)
print(b.upper(), b.replace(b"l", b"L"), b.split(b"l"), b.find(b"lo"), b.startswith(b"he"))
print(b.decode(), b"caf\xc3\xa9".decode("utf-8"), bytes(3), bytes([65, 66, 67]), bytes("é", "utf-8"))
print(b"" == b"", b"a" < b"b", b.hex(), bytes.fromhex("4142"), b.count(b"l"))
print(repr(b"\x7f\x80"), str(b"x"), b"%d-%s" % (5, b"q"))
for byte in b"AZ":
    print(byte, chr(byte))
print(bytearray(b"abc") if False else b"abc"[2], [c for c in b"hi"])
