tokenize --bogus
