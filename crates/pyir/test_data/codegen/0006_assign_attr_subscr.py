obj.attr = 1
obj.x.y = 2
lst[0] = 3
d['k'] = lst[1]
