if x:
  a
   b
