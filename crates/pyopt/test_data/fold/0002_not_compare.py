# `not` over a single comparison is inverted only for is / is not / in / not in.
not a is b
not a is not b
not a in b
not a not in b
not a == b
not a != b
not a < b
not a <= b
not a > b
not a >= b
not (a is b)
not (not a in b)
not a is None
not a in [1, 2, 3]
