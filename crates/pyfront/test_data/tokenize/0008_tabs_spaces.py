if a:
	if b:
		x = 1
	else:
	  y = 2
  	
z = 3
