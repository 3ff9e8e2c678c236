# Past PY_SSIZE_T_MAX code points, str repetition raises OverflowError before allocating.
x = 'ab' * (2**62)
