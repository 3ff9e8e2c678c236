tokenize
x = (
