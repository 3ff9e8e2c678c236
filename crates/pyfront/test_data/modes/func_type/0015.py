(a, *b, c) -> d
