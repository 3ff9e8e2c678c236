1
'abc'
None
x = 2
