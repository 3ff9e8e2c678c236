import dis

global_var = 10

def use_global():
    return global_var  # LOAD_GLOBAL (slower)

def use_local():
    local_var = 10
    return local_var   # LOAD_FAST (faster)

# Locals are faster!
print(use_global(), use_local())
global_var = 11
print(use_global(), use_local())
dis.dis(use_global)
dis.dis(use_local)
