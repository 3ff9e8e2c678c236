x = [a (b) c]
