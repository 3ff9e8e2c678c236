def f():
    try:
        try:
            a()
        except KeyError:
            return 1
        finally:
            b()
    except Exception as e:
        try:
            c(e)
        finally:
            del e
    while x:
        try:
            break
        except:
            pass
    return 2
