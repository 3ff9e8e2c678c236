def my_function(x):
    return x * 2

code = my_function.__code__
print(f"Arguments: {code.co_argcount}")
print(f"Locals: {code.co_nlocals}")
print(f"Constants: {code.co_consts}")
print(f"Names: {code.co_names}")
print(f"Bytecode: {code.co_code}")
print(code.co_name, code.co_filename, code.co_firstlineno, code.co_flags, code.co_stacksize, code.co_varnames)
print(code.co_qualname, code.co_kwonlyargcount, code.co_posonlyargcount, code.co_freevars, code.co_cellvars)
print(code.co_linetable, code.co_exceptiontable, list(code.co_positions()))

def example():
    x = 1
    y = 2
    return x + y

print(example.__code__.co_consts, example.__code__.co_varnames, example.__code__.co_code)
print(list(example.__code__.co_lines()))

def use_global():
    return global_var

global_var = 10
print(use_global(), use_global.__code__.co_names)
