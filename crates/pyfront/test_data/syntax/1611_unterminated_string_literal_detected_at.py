a = 'a\ 
