def outer():
    x = 1

    def inner():
        nonlocal x, y
        x += 1

    async def fetch(a, b) -> int:  # type: (int, str) -> int
        async for item in a:  # type: int
            pass
        async with b as c:  # type: ignore
            pass
        async with b as c, a:  # type: str
            pass
        return 1

    return inner, fetch
