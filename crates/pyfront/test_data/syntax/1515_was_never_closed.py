a(b,c,
