{a:b,c
