async def f:
