if x:
    y = 1

# c
z = (1,
     2)
