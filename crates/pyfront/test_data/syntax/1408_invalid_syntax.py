pass  # type: ignorewhatever
