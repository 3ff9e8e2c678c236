# Folding is bottom-up: nested folds compose, left-associated chains stop at the first non-constant.
1 + 2 * 3
(1 + 2) * 3
2 ** 3 ** 2
-2 ** 2
a * (1 + 2)
(1 + 2) + a + (3 + 4)
'a' * 2 + 'b'
((1, 2) + (3,))[2]
(1, 2)[0] + (3, 4)[1]
not 1 + 1
f(1 + 2, (3, 4))
a.b + (1 + 2)
x[1 + 2]
f'{1 + 2}'
f'{a:{1 + 2}}'
