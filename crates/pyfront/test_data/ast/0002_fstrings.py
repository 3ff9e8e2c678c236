x = f'a{b}c{d!r:>{w}.{p}} {e=}'
y = ('s' f"{a.b  +  c}"
     f'''{
 x}''')
z = f'{x}' f'{x}' 
w = f'{f"{q}"}'
