try:
  pass
finally:  # type: int
  pass
