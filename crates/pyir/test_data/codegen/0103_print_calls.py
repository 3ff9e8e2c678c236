print('a', 1, 2.5, sep=', ', end='\n')
print(*xs, sep='')
