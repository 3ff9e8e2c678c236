async def f() x: pass
