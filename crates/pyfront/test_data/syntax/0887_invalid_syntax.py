if 1:
    print (foo.)