x = a or or b
