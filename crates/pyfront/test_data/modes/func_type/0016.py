(lambda: 1) -> z
