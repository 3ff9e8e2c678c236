	if x:
