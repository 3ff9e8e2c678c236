# Ends with a NameError for which CPython 3.11 suggests a close name.
counter = 10
for step in range(3):
    counter += step
print(counter)
print(countr)
