lambda z:
