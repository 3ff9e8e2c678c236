tokenize -
x
