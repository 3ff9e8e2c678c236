print("{} {}".format(1, 2), "{0} {0}".format(3))
print("{0} {}".format(1, 2))
