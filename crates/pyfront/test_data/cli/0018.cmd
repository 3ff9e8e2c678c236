ast -a -
x = 1
