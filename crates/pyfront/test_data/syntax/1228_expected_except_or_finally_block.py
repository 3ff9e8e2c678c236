try:
    x


