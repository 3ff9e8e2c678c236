for a in b:
