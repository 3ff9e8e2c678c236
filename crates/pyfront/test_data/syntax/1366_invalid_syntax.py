assert x, 
