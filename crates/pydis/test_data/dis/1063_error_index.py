# Ends with an uncaught IndexError inside a nested subscript expression.
grid = [[1, 2, 3], [4, 5, 6]]
for r in range(2):
    print(grid[r][r + 1])
row = 1
print(grid[row][0] + grid[row + 1][0])
