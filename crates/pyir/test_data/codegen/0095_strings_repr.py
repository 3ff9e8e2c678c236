a = 'it\'s'
b = "say \"hi\""
c = 'tab\there\nnl'
d = b'\x00\xff\''
e = 'üñí'
f = ''
g = b''
