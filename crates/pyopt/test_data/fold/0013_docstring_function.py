# mode: exec
def f():
    'a' 'b' + 'c'
def g():
    'doc'
    ('x', 'y')[0]
def h():
    ('x', 'y')[0]
