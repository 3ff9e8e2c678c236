tokenize --help
