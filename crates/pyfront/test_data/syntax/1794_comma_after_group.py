a = [(x).a y]
