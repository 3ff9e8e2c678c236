x = [a, *b c]
