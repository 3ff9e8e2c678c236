print('single', "double", '''triple single''', """triple double""")
print('it\'s', "say \"hi\"", 'mixed "quotes"', "mixed 'quotes'")
print(repr('it\'s'), repr("say \"hi\""), repr('both \' and "'))
print("tab\there", "newline\\n escaped", 'back\\slash')
print(repr("\t\n\r\x00\x7f\x1b"), repr("\a\b\f\v"))
print("\x41\x42", "\101\102", "\u00e9\u4e2d", "\U0001F600", "\N{GREEK SMALL LETTER ALPHA}")
print(r"raw\n\t", R'raw\\', rb"raw\x00bytes", repr(r"\d+\.\d*"))
print("implicit" " " 'concat' """enation""")
s = """first line
  second line with 'quotes' and "more"
\tthird with escape"""
print(s)
print(repr(s))
print(len(s), s.count("line"), s.splitlines())
print('''a\
b''', "c\
d")
print("" == '', len(""), repr(''), repr(""))
print("a" * 3 + "b" * 0 + "c" * -1, "ab" < "b", "abc"[1], "abc"[-1])
print(u"unicode prefix", repr(u'x'))
print(repr("caf\u00e9"), repr("\u200b"), repr("\xa0"), repr("\ud7ff"))
print(ascii("caf\u00e9 \U0001F600"))
