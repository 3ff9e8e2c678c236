async def f():
  pass
