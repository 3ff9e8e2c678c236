x = [a for b c in d]
