while True:
  continue  # type: int
