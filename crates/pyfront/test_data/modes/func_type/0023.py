(a) -> b # c
