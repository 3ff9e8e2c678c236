(x for x in (
