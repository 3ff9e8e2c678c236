tokenize -h
