a = [(lambda: x) y]
