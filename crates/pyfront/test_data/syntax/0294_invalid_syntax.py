obj.True = 1
