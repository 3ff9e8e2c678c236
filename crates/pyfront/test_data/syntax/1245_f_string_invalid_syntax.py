x=f'{a $ b}'
