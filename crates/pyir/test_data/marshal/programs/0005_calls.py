import os
from os import path as p

def f(*args, **kwargs):
    return args, kwargs

f(1, 2, a=3, b=4)
f(*[1, 2], **{'a': 1})
f(a=1)
os.getcwd()
p.join('a', 'b')
obj = f
obj.__call__(1, key='value')
try:
    f()
except ValueError as e:
    print(e)
finally:
    print('done')
with open(__file__) as fh:
    data = fh.read()
assert data, 'empty'
del data
