if x:
  pass