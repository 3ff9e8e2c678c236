nums = list(range(10))
text = "abcdefghij"
tup = (0, 1, 2, 3, 4, 5)
print(nums[2:5], nums[:3], nums[7:], nums[:], nums[-3:], nums[:-3])
print(nums[::2], nums[1::2], nums[::-1], nums[::-3], nums[8:2:-2], nums[-1:-4:-1])
print(text[::3], text[::-1], text[2:8:2], text[5:1], text[100:], text[-100:2])
print(tup[1:4], tup[::-2], tup[10:20], tup[-2:])
start, stop, step = 1, 9, 3
print(nums[start:stop:step], nums[start:], nums[:stop], nums[::step], nums[stop:start:-step])
print(nums[len(nums) // 2:], text[:len(text) - 7])
copy = nums[:]
copy[2:5] = ["x", "y"]
print(copy, len(copy))
copy[::2] = [0] * len(copy[::2])
print(copy)
copy[:0] = [-1, -2]
print(copy)
copy[-1:] = []
print(copy)
grid = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print(grid[1][::-1], grid[::-1][0][1:], [row[1] for row in grid[::2]])
print(b"bytes"[1:3], b"bytes"[::-1], "x"[5:], [][:])
print(nums[-1], nums[-len(nums)], text[3], text[-10])
print(nums[1:-1:1], nums[None:None:None], text[None:3])
