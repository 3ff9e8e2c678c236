def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)

def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)

def min_max(values):
    lo = hi = values[0]
    for v in values[1:]:
        if v < lo:
            lo = v
        if v > hi:
            hi = v
    return lo, hi

def stats(values):
    lo, hi = min_max(values)
    return {"min": lo, "max": hi, "range": hi - lo, "mean": sum(values) / len(values)}

def later_caller():
    return defined_after() * 2

def defined_after():
    return 21

print(is_even(10), is_odd(7), is_even(7), [is_odd(i) for i in range(5)])
print(min_max([3, -2, 9, 4]), stats([2, 4, 4, 4, 5, 5, 7, 9]))
print(later_caller())
def apply(f, args_list):
    out = []
    for a in args_list:
        out.append(f(a))
    return out
print(apply(is_even, [1, 2, 3]), apply(len, ["", "ab"]), apply(lambda v: v, []))
