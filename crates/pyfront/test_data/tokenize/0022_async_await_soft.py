async def f():
    await g()
    async with a as b:
        pass
match x:
    case 1:
        pass
_ = type
