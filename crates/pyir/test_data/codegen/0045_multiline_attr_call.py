y = (obj
     .meth(1,
      k=2))
