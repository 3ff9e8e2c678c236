# Python optimizes constants at compile time
x = 24 * 60 * 60  # Compiled to: x = 86400
print(x)

import dis
dis.dis(lambda: 24 * 60 * 60)
# Shows: LOAD_CONST (86400) - pre-calculated!
