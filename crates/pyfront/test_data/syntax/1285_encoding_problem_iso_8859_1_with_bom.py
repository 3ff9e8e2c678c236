# coding: latin-1
