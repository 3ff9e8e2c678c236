a + b - c * d / e // f % g ** h @ i
a += 1; a -= 1; a *= 1; a /= 1; a //= 1; a %= 1; a **= 1; a @= 1
a &= 1; a |= 1; a ^= 1; a <<= 1; a >>= 1
a & b | c ^ ~d << e >> f
a < b > c <= d >= e == f != g
def f(x) -> int: return x
(y := 1)
x[1:2, ...]
obj.attr
