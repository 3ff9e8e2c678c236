for x in y:


