(a,b
