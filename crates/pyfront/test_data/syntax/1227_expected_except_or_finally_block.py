try:
    x