b'\xe9' b'é'
