lambda:
