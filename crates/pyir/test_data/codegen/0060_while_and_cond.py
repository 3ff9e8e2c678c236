while a and b:
    a -= 1
