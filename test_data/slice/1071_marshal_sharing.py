# Constants chosen to exercise marshal's references: interned names, shared tuples, small ints, empty objects.
def first(a, b):
    name = "shared_identifier"
    text = "not an identifier!"
    return (a, b, name, text, (), "", b"", 0, -5, 256, 257, -0.0, 1e100, 2 ** 100)

def second(a, b):
    name = "shared_identifier"
    text = "not an identifier!"
    return (a, b, name, text, (1, 2), (1, 2), "é", "x", -(2 ** 70), 0.5)

def third(x):
    return x in {"alpha", "beta", "gamma"}, x in {1, 2, 3}, x in ("alpha", "beta")

def fourth(a, b):
    return a is b

print(first(1, 2))
print(second(3, 4))
print(third("beta"), third(2), fourth(1, 1))
print(first.__code__.co_varnames, second.__code__.co_varnames, fourth.__code__.co_varnames)
print(first.__code__.co_consts == second.__code__.co_consts, third.__code__.co_names)
print(len(first.__code__.co_code), first.__code__.co_stacksize, second.__code__.co_flags)
