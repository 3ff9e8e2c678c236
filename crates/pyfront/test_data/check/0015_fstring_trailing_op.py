y = f"abc {a +}"
