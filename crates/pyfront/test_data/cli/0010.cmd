tokenize --h
