pass  # type: ignoreé
