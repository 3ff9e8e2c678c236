x = 'a' 'b' f'{'
