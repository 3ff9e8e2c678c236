[a
 b]
