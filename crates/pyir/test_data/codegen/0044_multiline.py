x = (a +
     b)
y = obj.\
    attr
z = f(1,
      2)
obj.meth(
    1, k=2)
