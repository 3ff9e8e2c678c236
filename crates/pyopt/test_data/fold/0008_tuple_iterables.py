# Constant tuples, and list/set displays turned into tuples/frozensets in iterable positions.
(1, 2)
(1, (2, 3))
(1, a)
((1, 2), a)
(-1, 2 + 3)
()
(1, *a)
((1,),)
[1, 2, 3]
[1, 2]
{1, 2, 3}
a in [1, 2, 3]
a in [b, c]
a not in [1, 2]
a in {1, 2, 3}
a not in {1, 2, 3}
a in {b, c}
a in {1, b}
a in [*b, 1]
a in (1, 2)
a in {1, 1, True}
a in {1, 1.0, 2}
a in {0.0, -0.0}
a in [[1], 2]
a in [(1, 2), 3]
a is [1, 2]
a == [1, 2]
[x for x in [1, 2, 3]]
[x for x in {1, 2}]
[x for x in [a, b]]
[x for x in [*a]]
