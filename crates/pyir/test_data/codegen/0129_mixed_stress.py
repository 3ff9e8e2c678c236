import contextlib
class A(Base):
    items = [x for x in range(3)]
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self.__p = {k: v for k, v in k.items()}
    @contextlib.contextmanager
    def ctx(self):
        try:
            yield self
        except (ValueError, TypeError) as e:
            raise RuntimeError("x") from e
        else:
            pass
        finally:
            self.close()
    async def run(self):
        async with self.lock:
            async for x in self.q:
                try:
                    await x
                except Exception:
                    continue
                finally:
                    break
        return [y async for y in self.q if await y]
    class Inner(A):
        def m(self):
            return super().m() + __class__.__name__
def gen():
    with open("a") as f, open("b") as g:
        yield from f
        x = yield g
    while True:
        try:
            return x
        finally:
            del x
lam = lambda: (yield)
del a.b[1], c
assert all(x for x in y), "msg %s" % y
