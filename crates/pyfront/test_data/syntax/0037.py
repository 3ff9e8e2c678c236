lambda: (yield
