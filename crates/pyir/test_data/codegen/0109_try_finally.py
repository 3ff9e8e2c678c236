try:
    x = 1
finally:
    print("done")
def f(x):
    try:
        return x + 1
    finally:
        cleanup()
def g(xs):
    for x in xs:
        try:
            if x:
                break
            continue
        finally:
            print(x)
    try:
        a()
    except E as e:
        b(e)
    else:
        c()
    finally:
        d()
