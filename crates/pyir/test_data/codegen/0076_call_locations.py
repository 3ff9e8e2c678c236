x = f(
    a,
    b=2,
)
y = g(*args,
      **kw)
