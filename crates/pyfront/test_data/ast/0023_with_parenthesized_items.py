with (a as b, c as d,):
    pass
with (a, b as c):
    pass
with (a, b):
    pass
async def g():
    async with (a as b):
        pass
with (a):
    pass
with (a, b,):
    pass
