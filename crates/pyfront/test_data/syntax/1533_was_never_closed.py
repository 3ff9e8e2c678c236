def a(b
