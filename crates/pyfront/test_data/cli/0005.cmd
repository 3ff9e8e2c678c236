tokenize
if x:
  y
