x = 'a
y = 2
