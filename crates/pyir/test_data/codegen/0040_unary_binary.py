a = -x
b = +x
c = ~x
d = not x
e = x + y * z - w / v // u % t ** s
f = x << 1 | y >> 2 & z ^ w
g = x @ y
