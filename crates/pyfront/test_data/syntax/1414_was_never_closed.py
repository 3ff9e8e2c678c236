(a,b,
