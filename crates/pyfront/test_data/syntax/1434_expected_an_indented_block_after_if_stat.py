if 1:

