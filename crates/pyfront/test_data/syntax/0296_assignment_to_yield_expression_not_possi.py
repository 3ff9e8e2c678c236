yield = 1
