while a:
