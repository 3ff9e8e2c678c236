total = 0
for x in items:
    if x < 0:
        continue
    total += x
