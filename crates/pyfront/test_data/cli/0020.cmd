ast -m single
if x:
  pass
