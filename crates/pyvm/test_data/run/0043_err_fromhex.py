print(bytes.fromhex("de ad be ef"))
print(bytes.fromhex("de ad b"))
