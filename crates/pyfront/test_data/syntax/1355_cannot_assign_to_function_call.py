for (a, b.c(), d) in x: pass
