a(b,c
