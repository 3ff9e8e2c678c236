a = 'single' "double" '''triple''' """triple2"""
b = u'unicode' 'tail'
c = r'\n raw' R"\t"
c2 = rb'\x00' Rb"\\" BR'x'
d = b'bytes\x00\xff\n\t\\' b"it's"
e = '\a\b\f\n\r\t\v\0\12\101\x41\u00e9\U0001F600'
f = "it's" 'say "hi"' 'both \' and "'
g = '''multi
line\
string'''
h = '\q invalid escape kept'
i = ''
j = b''
k = 'tab\there' '\x7f\x80\u200b'
