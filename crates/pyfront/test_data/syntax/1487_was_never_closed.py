[a,b,
