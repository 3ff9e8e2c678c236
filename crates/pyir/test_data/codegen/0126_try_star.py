try:
    work()
except* ValueError as eg:
    log(eg)
except* (TypeError, KeyError):
    pass
else:
    ok()
def f():
    try:
        g()
    except* OSError:
        h()
    finally:
        done()
