value = "global"
def reads():
    return value
def shadows():
    value = "local"
    return value
def param(value):
    return value
def param_default(value=value):
    return value
value = "changed"
print(reads(), shadows(), param("argument"), param_default(), value)
def list_param(list):
    return list * 2
print(list_param([1]), list("ab"))
str = "shadowed builtin"
print(str, repr(5))
def uses_str():
    return str
print(uses_str())
x = 1
def outer_name():
    x = 2
    y = x + 1
    return x, y
print(outer_name(), x)
for x in range(3):
    pass
print("loop var leaks", x)
comp = [x for x in range(10, 13)]
print(comp, "comprehension var does not leak", x)
lam = lambda x: x * 100
print(lam(5), x)
