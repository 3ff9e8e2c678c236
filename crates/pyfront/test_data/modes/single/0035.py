match = 3
