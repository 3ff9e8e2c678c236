def foo():  # type: () -> int
    # type: () -> str
    return ''
