def check(tag, n, c):
    if tag in {'replace', 'delete'}:
        return 1
    if tag in {'insert', 'zzz_never_a_name'}:
        return 2
    if n in {1, 2, 3, 1000}:
        return 3
    if c in {'x', 'y'}:
        return 4
    if c in {'a b', 'c d', 1.5}:
        return 5
    return c not in {'225', '226', '426'}


def other(tag, n):
    return tag in {'replace', 'delete'} or n in {1, 2, 3, 1000} or n in {'225', '226', '426'}


def third(n):
    return n in {(1, 2), (3, 4), b'x', b'yz'}
