# Ends with a TypeError raised by a builtin, deep inside an expression.
sizes = [len("abc"), len([1, 2]), len({})]
print(sizes)
print(len("ok") + len(5) * 2)
