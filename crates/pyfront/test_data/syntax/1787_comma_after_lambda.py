a = [x if lambda: 1 else 2 y]
