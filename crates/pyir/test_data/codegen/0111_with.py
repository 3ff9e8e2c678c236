with open("f") as fh:
    data = fh.read()
with a, b as c:
    c.go()
def f(p):
    with lock:
        return p + 1
def g():
    for i in x:
        with cm() as (a, b):
            if a:
                continue
            break
