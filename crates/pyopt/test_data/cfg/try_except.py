def g(a):
    try:
        a()
    except E as e:
        a = e
    return a
