[a,b
