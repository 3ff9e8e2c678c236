#!/usr/bin/env python3
"""Regenerates the parser's golden files from CPython 3.11 (never edit them by hand).

- test_data/ast/NNNN_name.py    -> .ast: `python3 -m ast -a FILE` output
- test_data/syntax/NNNN_name.py -> .err: the SyntaxError `python3 -m ast` raises: class, message, and
  `lineno offset end_lineno end_offset`
- test_data/modes/MODE/NNNN.py  -> .ast or .err as above, parsed in MODE (single, func_type, eval)
- test_data/ast_nodes.txt       -> every node kind of the `ast` module with its fields, which the dumps must show

Run from anywhere: python3 crates/pyfront/scripts/bless_parser.py
"""
import ast
import pathlib
import subprocess
import sys

assert sys.version_info[:2] == (3, 11), "bless with CPython 3.11"
root = pathlib.Path(__file__).resolve().parent.parent / "test_data"

for py in sorted((root / "ast").glob("*.py")):
    out = subprocess.run([sys.executable, "-m", "ast", "-a", py.name], cwd=py.parent, capture_output=True)
    if out.returncode != 0:
        sys.exit(f"{py} does not parse:\n{out.stderr.decode()}")
    py.with_suffix(".ast").write_bytes(out.stdout)

for py in sorted((root / "syntax").glob("*.py")):
    try:
        ast.parse(py.read_bytes(), py.name, type_comments=True)
    except SyntaxError as e:
        text = f"{type(e).__name__}\n{e.msg}\n{e.lineno} {e.offset} {e.end_lineno} {e.end_offset}\n"
        py.with_suffix(".err").write_text(text)
    else:
        sys.exit(f"{py} parses without error")

# test_data/modes/MODE/NNNN.py -> .ast (`python3 -m ast -m MODE -a FILE`) or .err (as for test_data/syntax).
for py in sorted((root / "modes").glob("*/*.py")):
    mode = py.parent.name
    for stale in (py.with_suffix(".ast"), py.with_suffix(".err")):
        stale.unlink(missing_ok=True)
    try:
        ast.parse(py.read_bytes(), py.name, mode, type_comments=True)
    except SyntaxError as e:
        text = f"{type(e).__name__}\n{e.msg}\n{e.lineno} {e.offset} {e.end_lineno} {e.end_offset}\n"
        py.with_suffix(".err").write_text(text)
        continue
    out = subprocess.run([sys.executable, "-m", "ast", "-m", mode, "-a", py.name], cwd=py.parent, capture_output=True)
    py.with_suffix(".ast").write_bytes(out.stdout)

# test_data/ast_nodes.txt: every concrete node class of the `ast` module with its fields and attributes (the
# deprecated aliases of 3.8 and before left out), which the goldens together must show.
def concrete_nodes(cls):
    for sub in cls.__subclasses__():
        if sub.__module__ == "ast" and sub.__subclasses__():
            yield from concrete_nodes(sub)
        elif sub.__module__ == "ast" and sub.__name__ not in DEPRECATED:
            yield sub


DEPRECATED = {"Index", "ExtSlice", "Suite", "Param", "AugLoad", "AugStore", "Num", "Str", "Bytes", "NameConstant",
              "Ellipsis"}
rows = sorted({" ".join([c.__name__, *c._fields, *c._attributes]) for c in concrete_nodes(ast.AST)})
(root / "ast_nodes.txt").write_text("\n".join(rows) + "\n")
