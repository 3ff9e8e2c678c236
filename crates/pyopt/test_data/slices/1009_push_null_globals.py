def f(a):
    print(a)
    len(a)
    return g(h(a), k=1)
print(f(1))
