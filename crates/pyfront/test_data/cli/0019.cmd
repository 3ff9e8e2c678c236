ast -m eval
x + 1
