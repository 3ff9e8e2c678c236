[a
