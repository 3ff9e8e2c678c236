{a:b,c:d
