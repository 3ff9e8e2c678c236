if 1:
    exec (foo.)