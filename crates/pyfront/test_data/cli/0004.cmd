tokenize --exact
def f(:
	pass
  z
