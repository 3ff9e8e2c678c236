with blech
  pass
