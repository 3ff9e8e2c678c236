c = 'a' b'x'
