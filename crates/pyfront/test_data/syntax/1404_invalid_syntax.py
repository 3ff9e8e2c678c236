while True:  # type: int
  continue
