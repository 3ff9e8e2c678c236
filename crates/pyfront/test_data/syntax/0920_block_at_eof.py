with a:
    # café
