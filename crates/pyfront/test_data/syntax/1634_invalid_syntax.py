raise = 4
