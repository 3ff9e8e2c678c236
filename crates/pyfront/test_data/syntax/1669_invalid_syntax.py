x.True = 1
