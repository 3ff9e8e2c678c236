a = [(x) y]
