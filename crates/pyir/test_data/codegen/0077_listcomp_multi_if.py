r = [x for x in xs if x if not x > 3 for y in ys if y]
