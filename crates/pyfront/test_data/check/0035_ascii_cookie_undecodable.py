# coding: ascii
x = "☃"
