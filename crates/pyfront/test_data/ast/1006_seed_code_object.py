def my_function(x):
    return x * 2

code = my_function.__code__

print(f"Arguments: {code.co_argcount}")
print(f"Locals: {code.co_nlocals}")
print(f"Constants: {code.co_consts}")
print(f"Names: {code.co_names}")
print(f"Bytecode: {code.co_code}")
print(my_function(21), my_function("ab"))
