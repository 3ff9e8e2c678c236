x = 10
x += 5; print(x)
x -= 3; print(x)
x *= 4; print(x)
x //= 5; print(x)
x %= 4; print(x)
x **= 10; print(x)
x <<= 3; print(x)
x >>= 2; print(x)
x &= 0xFF; print(x)
x |= 0x100; print(x)
x ^= 0x1FF; print(x)
x /= 4; print(x)
y = 7.5
y //= 2; print(y)
s = "ab"
s += "cd"; s *= 2; print(s)
lst = [1, 2]
alias = lst
lst += [3]
print(lst, alias, lst is alias)
tup = (1,)
tup_alias = tup
tup += (2,)
print(tup, tup_alias, tup is tup_alias)
d = {"count": 0, "name": "n"}
d["count"] += 1
d["count"] += 10
d["name"] *= 3
print(d)
grid = [[0, 0], [0, 0]]
grid[0][1] += 5
grid[1][0] -= 2
grid[1][1] = grid[0][1] * 2
print(grid)
def counter(): pass
counter.calls = 0
for _ in range(4):
    counter.calls += 1
counter.calls **= 2
print(counter.calls)
idx = 0
nums = [5, 6, 7]
nums[idx + 1] *= 100
nums[-1] //= 2
print(nums)
big = 1
for i in range(1, 25):
    big *= i
big -= 1
print(big)
