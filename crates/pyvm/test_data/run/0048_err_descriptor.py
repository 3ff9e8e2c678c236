print(str.upper("x"))
print(str.upper(5))
