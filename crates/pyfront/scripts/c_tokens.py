"""Prints CPython 3.11's C tokenizer stream for a file in `pyfront tokenize --c-tokens`'s format,
to check the parser-facing lexer: python3 scripts/c_tokens.py FILE.

One line per token: TYPE then, except for NEWLINE/INDENT/DEDENT/ENDMARKER (whose positions the
C tokenizer reports inconsistently), start and end as line,byte-column. ASYNC/AWAIT print as NAME.
On a tokenizer error, prints `error: LINE OFFSET MSG` last and exits with status 1.
"""
import sys
import tokenize
import token

path = sys.argv[1]
with tokenize.open(path) as f:
    src = f.read()
try:
    for t in tokenize._generate_tokens_from_c_tokenizer(src):
        name = token.tok_name[t.type]
        if name in ("ASYNC", "AWAIT"):
            name = "NAME"
        if name in ("NEWLINE", "INDENT", "DEDENT", "ENDMARKER"):
            print(name)
        else:
            print("%s %d,%d-%d,%d" % (name, t.start[0], t.start[1], t.end[0], t.end[1]))
except SyntaxError as e:
    print("error: %s %s %s" % (e.lineno, e.offset, e.msg))
    sys.exit(1)
