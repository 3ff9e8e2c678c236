lambda x: (yield)
class A:
    def f(self):
        return [x for x in 1 2]
