x = 1  # type: int
for a in b:  # type: int
    pass
with a as b:  # type: int
    pass
def f(a,  # type: int
      b):
    # type: (...) -> None
    pass
def g(): # type: () -> int
    pass
y = 2 # type: ignore[x] 
