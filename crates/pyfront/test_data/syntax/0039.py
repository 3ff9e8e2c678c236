f() # type: int
