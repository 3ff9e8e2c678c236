tokenize
x = 1
