ast files/missing.py
