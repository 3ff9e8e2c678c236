x = (yield a b)
