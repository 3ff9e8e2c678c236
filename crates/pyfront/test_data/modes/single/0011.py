if x:
  pass


z
