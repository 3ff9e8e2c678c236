(yield) -> c
