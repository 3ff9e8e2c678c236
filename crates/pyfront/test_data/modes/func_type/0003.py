(a,) -> None
