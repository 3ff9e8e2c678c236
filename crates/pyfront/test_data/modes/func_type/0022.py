(a) -> b
c
