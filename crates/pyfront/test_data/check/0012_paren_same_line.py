def f(:
	pass