while x:
  y
else:
  z