import x as None
