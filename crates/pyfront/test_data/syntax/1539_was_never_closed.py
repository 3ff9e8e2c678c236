def a(b,c,
