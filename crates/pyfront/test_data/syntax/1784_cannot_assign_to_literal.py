with open(x) as f, open(y) as 1: pass
