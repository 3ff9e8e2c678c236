pass  # type: int
