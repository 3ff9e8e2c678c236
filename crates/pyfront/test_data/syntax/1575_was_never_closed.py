class a(b
