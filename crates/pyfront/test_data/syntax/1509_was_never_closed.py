a(b
