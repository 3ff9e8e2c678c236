tokenize -e
x = (1,
  2)
