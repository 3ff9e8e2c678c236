def f():
    "doc"
