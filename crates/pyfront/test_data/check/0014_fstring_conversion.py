y = f"abc {a!x}"
