# mode: exec
'a' + 'b'
x = 1
