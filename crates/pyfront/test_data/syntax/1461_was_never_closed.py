@a(b
