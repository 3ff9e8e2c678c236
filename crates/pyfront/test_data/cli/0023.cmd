ast -i 1 files/one.py
