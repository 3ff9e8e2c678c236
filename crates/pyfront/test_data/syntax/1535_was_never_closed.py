def a(b,
