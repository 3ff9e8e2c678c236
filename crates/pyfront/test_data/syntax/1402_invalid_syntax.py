foo()  # type: int
