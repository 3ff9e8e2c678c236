x = 5_j
