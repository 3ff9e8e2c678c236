[x for
