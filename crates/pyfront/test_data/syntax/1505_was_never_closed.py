{a:b,c:d,
