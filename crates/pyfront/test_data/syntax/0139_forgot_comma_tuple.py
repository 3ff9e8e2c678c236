(x y z)
