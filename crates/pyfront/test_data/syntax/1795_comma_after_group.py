a = [(yield) y]
