while True:
    if a:
        break
if 1:
    x = 1
if 0:
    x = 2
else:
    x = 3
y = 1 if 1 else 2
z = a if 0 else b
w = 0 and a
v = 1 or a
while 0:
    x = 4
