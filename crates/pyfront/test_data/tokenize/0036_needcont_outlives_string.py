x = 'a\
b
y = """one
two
"""
z = 1
