@decorator
@other.deco(1)
def f(x: int = 1, *args: str, y, **kw) -> None:
    """Doc."""
    pass

class C(Base, metaclass=M):
    x = 1
    def m(self):
        return self.x

try:
    pass
except ValueError as e:
    pass
except (A, B):
    pass
except:
    pass
else:
    pass
finally:
    pass

with open(f) as g, lock:
    pass

async def h():
    await x
    async for a in b:
        pass
    async with c as d:
        pass

if a:
    pass
elif b:
    pass
elif c:
    pass
else:
    pass
