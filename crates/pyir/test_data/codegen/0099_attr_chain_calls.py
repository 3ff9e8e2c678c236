a.b.c.d(e.f(g.h), i=j.k)
z = a.b[c.d](e)
