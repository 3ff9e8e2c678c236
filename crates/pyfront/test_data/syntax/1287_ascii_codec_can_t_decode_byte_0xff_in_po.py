# coding: ascii
# ÿ
