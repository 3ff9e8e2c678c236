parts = []
for i in range(10):
    parts.append(str(i) * (i % 3 + 1))
joined = "".join(parts)
print(joined, len(joined))
s = ""
for word in ["alpha", "beta", "gamma"]:
    s += word[0].upper() + word[1:] + " "
print(repr(s), repr(s.strip()))
long_text = "lorem ipsum " * 20
print(len(long_text), long_text[:24], repr(long_text[-12:]))
control = "tab\tnewline\nreturn\rnull\x00bell\x07esc\x1bdel\x7f"
print(repr(control))
zero_width = "a\u200bb\u200dc\ufeffd"
print(repr(zero_width), len(zero_width))
wide = "\U0001F600\U0001F4A9\u00e9\u0301"
print(wide, repr(wide), len(wide), wide[1], repr(wide[2:]))
quotes = ["'", '"', "'\"", "\\", "'''", '"""']
print([repr(q) for q in quotes])
print(repr("\x80\x9f\xa0\xff\u0100\u2028\u2029"))
table = ""
for row in range(1, 4):
    for col in range(1, 4):
        table += f"{row * col:3d}"
    table += "\n"
print(table, end="")
print("a" + "b" * 3 + "c" * 0 + "-" * 10)
