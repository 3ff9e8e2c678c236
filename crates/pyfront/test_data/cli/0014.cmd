tokenize --ex files/one.py
