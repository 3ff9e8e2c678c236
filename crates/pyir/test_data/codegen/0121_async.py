async def fetch(session, url):
    async with session.get(url) as resp:
        data = await resp.read()
    async with a as x, b:
        pass
    async for chunk in resp.stream():
        if not chunk:
            break
        process(chunk)
    else:
        done()
    return data

async def comp(xs):
    a = [x async for x in xs]
    b = {await f(y) for y in ys}
    c = [z for z in zs if await ok(z)]
    return a, b, c

async def agen():
    for i in range(3):
        yield i
        await sleep(0)

async def early(cm):
    async with cm:
        return 1
