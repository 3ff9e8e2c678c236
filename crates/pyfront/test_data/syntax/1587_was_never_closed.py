(x for
