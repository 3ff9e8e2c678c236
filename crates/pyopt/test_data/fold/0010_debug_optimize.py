# mode: exec
# optimize: 1
x = __debug__
if __debug__:
    y = 1
