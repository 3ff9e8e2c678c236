a = 'it\'s'
b = "say \"hi\""
c = 'tab\tnl\n\\'
d = 'cont\
nued'
e = ''
f = ""
