for i in range(3):
    def f(a=i):
        return a
    print(f())
