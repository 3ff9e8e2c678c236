@import sys
def f(): pass