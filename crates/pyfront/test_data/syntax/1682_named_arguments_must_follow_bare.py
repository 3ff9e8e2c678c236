def f(*, **): pass
