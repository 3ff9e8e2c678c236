ast
x = 1
