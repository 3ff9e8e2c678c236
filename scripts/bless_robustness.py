#!/usr/bin/env python3
"""Blesses crates/pyfront/tests/robustness_data/limits.txt from CPython 3.11: for each generated input (a shape and a
size), the last line of `python3 -m ast`'s stderr, or `ok`; and crates/pydis/tests/robustness_data/limits.txt: for
`python3 -m dis`, the exit status, the number of `Disassembly of` headers printed and the last line of stderr. The Rust test (crates/pyfront/tests/robustness.rs)
generates the same inputs from the same shape names, so the two generators must stay in step.

Usage: scripts/bless_robustness.py   (runs python3 once per case; takes a minute)
"""

import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "crates", "pyfront", "tests", "robustness_data", "limits.txt")
DIS_OUT = os.path.join(ROOT, "crates", "pydis", "tests", "robustness_data", "limits.txt")


def lamdef(k):
    s = "1"
    for _ in range(k):
        s = f"lambda x={s}: 1"
    return "x = " + s + "\n"


SHAPES = {
    "unary": lambda k: "x = " + "-" * k + "1\n",
    "not": lambda k: "x = " + "not " * k + "1\n",
    "plus": lambda k: "x = " + "+".join(["a"] * k) + "\n",
    "attr": lambda k: "x = " + ".".join(["a"] * k) + "\n",
    "call": lambda k: "x = a" + "()" * k + "\n",
    "sub": lambda k: "x = a" + "[0]" * k + "\n",
    "lambda": lambda k: "x = " + "lambda: " * k + "1\n",
    "ifexp": lambda k: "x = " + "1 if a else " * k + "1\n",
    "power": lambda k: "x = " + "**".join(["2"] * k) + "\n",
    "lamdef": lamdef,
    "listcomp": lambda k: "x = " + "[a for a in " * k + "b" + "]" * k + "\n",
    "paren": lambda k: "x = " + "(" * k + "1" + ")" * k + "\n",
    "list": lambda k: "x = " + "[" * k + "]" * k + "\n",
    "ifstmt": lambda k: "".join(" " * i + "if x:\n" for i in range(k)) + " " * k + "pass\n",
    "hex": lambda k: "x = 0x" + "f" * k + "\n",
    "while": lambda k: "".join(" " * i + "while x:\n" for i in range(k)) + " " * k + "pass\n",
}

CASES = [(s, k) for s in ("unary", "not", "plus", "attr", "call", "sub", "lambda", "ifexp", "power")
         for k in (985, 986, 987, 990, 1000, 2977, 2978, 3500)]
CASES += [("lamdef", k) for k in (196, 197, 198, 199)]
CASES += [("listcomp", k) for k in (196, 197, 198, 199)]
CASES += [("paren", k) for k in (199, 200, 1000)] + [("list", k) for k in (199, 200)]
CASES += [("ifstmt", k) for k in (99, 100, 101)]
CASES += [("hex", k) for k in (3571, 3572, 100000)]
# Where CPython's parser runs out of recursion (pegen's MAXSTACK) and raises MemoryError.
CASES += [(s, k) for s in ("unary", "not", "ifexp") for k in (5967, 5968)]
CASES += [("power", k) for k in (2984, 2985)] + [("lambda", k) for k in (2983, 2984)]
CASES += [(s, 100000) for s in ("unary", "not", "plus", "attr", "power")]

DIS_CASES = [("lambda", k) for k in (986, 987, 988, 1000, 2000)] + [("unary", 2977), ("plus", 3500)]
DIS_CASES += [("hex", 3571), ("hex", 3572), ("while", 20), ("while", 21), ("ifstmt", 21), ("paren", 200), ("lamdef", 199)]


def main():
    lines = ["# shape size: the last line of `python3 -m ast` on stderr for the generated input, or ok.",
             "# Blessed by scripts/bless_robustness.py from CPython " + sys.version.split()[0] + "; never edit by hand."]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "t.py")
        for shape, k in CASES:
            with open(path, "w") as f:
                f.write(SHAPES[shape](k))
            p = subprocess.run([sys.executable, "-m", "ast", path], capture_output=True, text=True)
            last = "ok" if p.returncode == 0 else ([l for l in p.stderr.splitlines() if l.strip()] or [""])[-1]
            lines.append(f"{shape} {k} {last}")
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {OUT}: {len(CASES)} cases")
    lines = ["# shape size status headers last-line: `python3 -m dis` on the generated input (headers: how many",
             "# `Disassembly of` lines it printed). Blessed by scripts/bless_robustness.py from CPython "
             + sys.version.split()[0] + "; never edit by hand."]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "t.py")
        for shape, k in DIS_CASES:
            with open(path, "w") as f:
                f.write(SHAPES[shape](k))
            p = subprocess.run([sys.executable, "-m", "dis", path], capture_output=True, text=True)
            last = "ok" if p.returncode == 0 else ([l for l in p.stderr.splitlines() if l.strip()] or [""])[-1]
            lines.append(f"{shape} {k} {p.returncode} {p.stdout.count('Disassembly of')} {last}")
    os.makedirs(os.path.dirname(DIS_OUT), exist_ok=True)
    with open(DIS_OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {DIS_OUT}: {len(DIS_CASES)} cases")


if __name__ == "__main__":
    main()
