@a(b,
