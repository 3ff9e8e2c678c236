tokenize files/missing.py
