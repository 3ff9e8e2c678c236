import dis
import a.b.c as d, e
from x import y
from . import z
from ..a.b import (c as d, e,)
from ... import *
global_var = 1
def f():
    global a, b
    nonlocal_ = 2
    return
def g(a, /, b, *, c):
    yield
    yield a
    x = yield b
    yield from c
del a, b[1], c.d
assert x, "msg"
raise
raise E from None
while x:
    x -= 1
else:
    pass
for x in y:
    pass
else:
    pass
x: int = 1
y: list
(z): int
a.b: str = 'c'
a = b = c = 1
a, *b = c
[a, (b, c)] = d
