a = 'a\

