def f(a):
    try:
        return a.b()
    finally:
        a.close()
def g(a):
    for x in a:
        try:
            return x
        except E:
            continue
def h(a):
    with a:
        for i in a:
            return i
def k(a):
    try:
        pass
    except E as e:
        return e
def m(a):
    try:
        x = 1
    finally:
        try:
            return a
        finally:
            print(a)
