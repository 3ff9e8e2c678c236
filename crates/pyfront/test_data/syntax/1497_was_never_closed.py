{a:b,
