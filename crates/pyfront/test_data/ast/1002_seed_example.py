import dis

# Each instruction has:
# - Line number
# - Offset
# - Opcode name
# - Arguments
# - Interpretation

def example():
    x = 1        # LOAD_CONST, STORE_FAST
    y = 2        # LOAD_CONST, STORE_FAST
    return x + y # LOAD_FAST, LOAD_FAST, BINARY_ADD, RETURN_VALUE

print(example())
dis.dis(example)
