def f():
    x = 1;
if a: b;
with (a, b):
    pass
with (a, b) as c:
    pass
with (a):
    pass
try:
    pass
except E:
    pass;
class C: pass;
