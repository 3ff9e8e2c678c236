with a as b:
