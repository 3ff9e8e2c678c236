try:
  x
except* E:
  pass
except E:
  pass
