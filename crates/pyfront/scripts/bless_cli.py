#!/usr/bin/env python3
"""Regenerates the command-line goldens from CPython 3.11 (never edit them by hand).

test_data/cli/NNNN.cmd holds a command (`tokenize` or `ast`, then arguments, on its first line) and the standard
input after it; .out, .err and .rc are what `python3 -m <command> <arguments>` printed and returned, which
`pyfront <command> <arguments>` must reproduce (tests/cli_golden.rs). Arguments naming files refer to
test_data/cli/files/.

Run from anywhere: python3 crates/pyfront/scripts/bless_cli.py
"""
import pathlib
import shlex
import subprocess
import sys

assert sys.version_info[:2] == (3, 11), "bless with CPython 3.11"
root = pathlib.Path(__file__).resolve().parent.parent / "test_data" / "cli"

CASES = [
    ("tokenize", "", b"x = 1\n"),
    ("tokenize", "-e", b"x = (1,\n  2)\n"),
    ("tokenize", "", b"x = (\n"),
    ("tokenize", "--exact", b"def f(:\n\tpass\n  z\n"),
    ("tokenize", "", b"if x:\r\n  y\r\n"),
    ("tokenize", "", b'"""\n'),
    ("tokenize", "", b"# coding: latin-1\nx = 'caf\xc3\xa9'\n"),
    ("tokenize", "-h", b""),
    ("tokenize", "--help", b""),
    ("tokenize", "--h", b""),
    ("tokenize", "--bogus", b""),
    ("tokenize", "-x -e", b""),
    ("tokenize", "files/one.py extra", b""),
    ("tokenize", "--ex files/one.py", b""),
    ("tokenize", "files/missing.py", b""),
    ("tokenize", "-", b"x\n"),
    ("ast", "", b"x = 1\n"),
    ("ast", "-a -", b"x = 1\n"),
    ("ast", "-m eval", b"x + 1\n"),
    ("ast", "-m single", b"if x:\n  pass\n"),
    ("ast", "-m func_type", b"(int, *str) -> bool\n"),
    ("ast", "-m nope", b""),
    ("ast", "-i 1 files/one.py", b""),
    ("ast", "--no-type-comments files/one.py", b""),
    ("ast", "-h", b""),
    ("ast", "files/missing.py", b""),
]

(root / "files").mkdir(parents=True, exist_ok=True)
(root / "files" / "one.py").write_bytes(b"def f(a):  # type: (int) -> None\n    return a\n")
for old in root.glob("[0-9]*.*"):
    old.unlink()
for i, (command, args, stdin) in enumerate(CASES, 1):
    stem = root / f"{i:04d}"
    stem.with_suffix(".cmd").write_bytes(f"{command} {args}".rstrip().encode() + b"\n" + stdin)
    out = subprocess.run([sys.executable, "-m", command, *shlex.split(args)], cwd=root, input=stdin,
                         capture_output=True)
    err = out.stderr
    if out.returncode == 1 and b"Traceback" in err:
        # A traceback's frames are CPython's own; the golden keeps its last line (the exception).
        err = err.rstrip(b"\n").rsplit(b"\n", 1)[-1] + b"\n"
    stem.with_suffix(".out").write_bytes(out.stdout)
    stem.with_suffix(".err").write_bytes(err)
    stem.with_suffix(".rc").write_text(f"{out.returncode}\n")
