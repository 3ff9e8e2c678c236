tokenize files/one.py extra
