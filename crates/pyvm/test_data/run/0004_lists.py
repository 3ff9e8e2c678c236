xs = [3, 1, 4, 1, 5, 9, 2, 6]
xs.append(5)
xs.extend([3, 5])
print(xs, len(xs), xs.count(5), xs.index(9))
xs.sort()
print(xs)
xs.sort(reverse=True)
print(xs)
xs.reverse()
print(xs, xs.pop(), xs.pop(0), xs)
xs.insert(2, 100)
xs.remove(100)
print(xs[2:5], xs[:3], xs[-3:], xs[::3], xs[5:1:-1])
ys = xs.copy()
ys[0] = -1
print(xs[0], ys[0], xs == ys, [1, 2] < [1, 3], [1, 2] + [3])
xs[1:3] = ["a", "b", "c"]
print(xs)
del xs[0]
del xs[1:3]
print(xs, [0] * 3, [[0] * 2] * 2)
print(sorted(["banana", "Apple", "cherry"]), sorted(["banana", "Apple", "cherry"], key=str.lower if False else len))
words = ["bb", "a", "ccc", "dd"]
print(sorted(words, key=len), sorted(words, key=len, reverse=True), list(reversed(words)))
a = [1, 2]
b = a
b += [3]
print(a, a is b)
nested = [[1, 2], [3, 4]]
print([x * y for x, y in nested], [i for i in range(10) if i % 3 == 0])
print([[j for j in range(i)] for i in range(4)])
lst = [1]
lst.append(lst)
print(lst)
print(list(range(5)), list("abc"), list((1, 2)), [] == [], not [])
m = [5, 3, 8]
m[0], m[2] = m[2], m[0]
print(m, max(m), min(m), sum(m), any(m), all([1, 0]))
