# coding: utf-8
Ã©ÿ = 1
