{a
