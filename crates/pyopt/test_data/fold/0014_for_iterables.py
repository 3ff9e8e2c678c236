# mode: exec
for x in [1, 2, 3]:
    pass
for y in {4, 5}:
    pass
for z in [a, b]:
    pass
for w in [6, 7]:
    for v in {8, (9, 10)}:
        pass
