{a:b,c:
