(a,
 b) -> c
