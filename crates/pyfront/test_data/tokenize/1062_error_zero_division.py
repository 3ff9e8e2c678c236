# Ends with an uncaught ZeroDivisionError three frames deep.
def mean(values):
    return sum(values) / len(values)

def report(groups):
    for name in groups:
        print(name, mean(groups[name]))

report({"a": [1, 2, 3], "b": [10]})
report({"c": [4.5], "empty": []})
