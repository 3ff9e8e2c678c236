x = (1 if a b else 2)
