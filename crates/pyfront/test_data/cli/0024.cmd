ast --no-type-comments files/one.py
