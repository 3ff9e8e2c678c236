x = [a
b]
