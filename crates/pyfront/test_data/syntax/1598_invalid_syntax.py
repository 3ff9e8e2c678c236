a b @
