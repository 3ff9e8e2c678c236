a await raise b?+1
