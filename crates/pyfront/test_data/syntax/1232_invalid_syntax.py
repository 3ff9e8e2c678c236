@foo
# c
