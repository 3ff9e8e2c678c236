# LOAD_GLOBAL and LOAD_METHOD cache their lookups per instruction; every change below must still be seen.
first = 1
g = "g0"
def read():
    return g, len("abc")

print(read())
del first
print(read())
g = "g1"
print(read())
filler0 = 0; filler1 = 1; filler2 = 2; filler3 = 3; filler4 = 4; filler5 = 5; filler6 = 6; filler7 = 7; filler8 = 8; filler9 = 9; filler10 = 10; filler11 = 11; filler12 = 12; filler13 = 13; filler14 = 14; filler15 = 15; filler16 = 16; filler17 = 17; filler18 = 18; filler19 = 19; filler20 = 20; filler21 = 21; filler22 = 22; filler23 = 23; filler24 = 24; filler25 = 25; filler26 = 26; filler27 = 27; filler28 = 28; filler29 = 29; filler30 = 30; filler31 = 31; filler32 = 32; filler33 = 33; filler34 = 34; filler35 = 35; filler36 = 36; filler37 = 37; filler38 = 38; filler39 = 39
print(read())
def len(x):
    return "shadowed"
print(read())
del len
print(read())
del g
g = "g2"
print(read())
def count_in(obj):
    return obj.count("a"), obj.index("a")
for obj in ["banana", ["a", "b", "a"], ("x", "a"), "a"]:
    print(count_in(obj))
def upper_all(items):
    return [x.upper() for x in items]
print(upper_all(["a", b"b", "c", b"d"]))
