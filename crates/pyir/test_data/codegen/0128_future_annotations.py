from __future__ import annotations
import typing
x: int = 1
y: list[dict[str, int | None]]
z: "quoted"
a.b: Foo = 2
c[0]: Bar
def f(a: int, *args: tuple[int, ...], k: A.B[C] = 3, **kw: -1) -> typing.Optional[x + y * 2]:
    v: int = 5
    return a
class K:
    attr: Callable[[int, str], bool]
    other: (a if b else c) = []
    t: (1, 2.5, 'x', b'y', None, ...)
    u: not a and (b or c)
    w: x ** -y ** 2 < (a, b) in {1: 2, **d}
    g: [i for i in r if i] = 0
    s: f(*a, k=1, **kw)
    n: 1 .real
    sl: a[1:2, ::3]
    ne: ~a << 2 | b & c ^ d
