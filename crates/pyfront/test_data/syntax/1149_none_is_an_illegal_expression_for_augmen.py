None += 0
