#!/usr/bin/env python3
"""Regenerates the `pyfront check` goldens from CPython 3.11 (never edit them by hand).

- test_data/check/NNNN_name.py -> .err: exactly what `python3 -m py_compile NNNN_name.py` writes to stderr, run in
  that directory (empty for a file that compiles). Compared by `cargo test -p pyfront --test check_golden`.

Run from anywhere: python3 crates/pyfront/scripts/bless_check.py
"""
import os
import pathlib
import subprocess
import sys
import tempfile

assert sys.version_info[:2] == (3, 11), "bless with CPython 3.11"
root = pathlib.Path(__file__).resolve().parent.parent / "test_data" / "check"

with tempfile.TemporaryDirectory() as cache:
    # py_compile writes a .pyc for every file it compiles; keep them out of the source tree.
    env = dict(os.environ, PYTHONPYCACHEPREFIX=cache)
    for py in sorted(root.glob("*.py")):
        out = subprocess.run([sys.executable, "-m", "py_compile", py.name], cwd=root, env=env, capture_output=True)
        if (out.returncode != 0) != bool(out.stderr):
            sys.exit(f"{py}: status {out.returncode} with stderr {out.stderr!r}")
        py.with_suffix(".err").write_bytes(out.stderr)
