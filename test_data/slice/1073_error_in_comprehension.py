# Ends with an error raised inside a list comprehension inside a lambda: frames named <listcomp> and <lambda>.
invert = lambda values: [1 / v for v in values]
print(invert([1, 2, 4]))
def table(rows):
    return [invert(row) for row in rows]
print(table([[1], [2, 8]]))
print(table([[5], [0.5, 0]]))
