s = 'abc\
def
x = 1
