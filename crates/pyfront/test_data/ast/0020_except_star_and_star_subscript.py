try:
    pass
except* ValueError as eg:
    pass
except* (TypeError, KeyError):
    pass
else:
    pass
finally:
    pass
t = tuple[*Ts]
u = a[*b, c]
v = a[*b,]
