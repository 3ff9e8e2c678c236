if x:
  try:
    x
  y
