# mode: exec
'doc'
x = 'a' + 'b'
