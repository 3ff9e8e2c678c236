#!/usr/bin/env python3
"""Regenerates the parser's golden files from CPython 3.11 (never edit them by hand).

- test_data/ast/NNNN_name.py    -> .ast: `python3 -m ast -a FILE` output
- test_data/syntax/NNNN_name.py -> .err: the SyntaxError `python3 -m ast` raises: class, message, and
  `lineno offset end_lineno end_offset`

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
