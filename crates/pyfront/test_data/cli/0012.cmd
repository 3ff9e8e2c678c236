tokenize -x -e
