# coding: utf8
print(1)
