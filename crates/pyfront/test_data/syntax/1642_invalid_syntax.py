a await raise b
