(int, *str, **dict) -> bool
