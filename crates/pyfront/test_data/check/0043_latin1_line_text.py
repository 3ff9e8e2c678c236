# coding=latin-1
Æ = 'Æ'