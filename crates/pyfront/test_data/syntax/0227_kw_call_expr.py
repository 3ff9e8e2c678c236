f(x, g(a)=1)
