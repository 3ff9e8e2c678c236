while True
  pass
