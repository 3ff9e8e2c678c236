"""Regenerates tables_*.txt: real CPython 3.11 location and exception tables with what CPython decodes from them.

Run from this directory with CPython 3.11: `python3 gen_tables.py`. Each code object of the listed stdlib modules
(compiled from their source, nested code depth-first) becomes a record of lines:
  code QUALNAME FIRSTLINENO
  bytecode HEX            (co_code, so the test can find instruction boundaries)
  linetable HEX
  positions L,EL,C,EC;...  (list(co.co_positions()), N for None)
  lines S,E,L;...          (list(co.co_lines()), N for None)
  exctable HEX
  entries S,E,T,D,L;...    (dis._parse_exception_table(co): start, end, target in bytes, depth, lasti 0/1)
"""
import dis
import sys

assert sys.version_info[:2] == (3, 11), sys.version

MODULES = ["contextlib", "dis", "textwrap"]


def n(v):
    return "N" if v is None else str(v)


def walk(co, out):
    out.append(f"code {co.co_qualname} {co.co_firstlineno}")
    out.append(f"bytecode {co.co_code.hex()}")
    out.append(f"linetable {co.co_linetable.hex()}")
    out.append("positions " + ";".join(",".join(n(x) for x in p) for p in co.co_positions()))
    out.append("lines " + ";".join(",".join(n(x) for x in r) for r in co.co_lines()))
    out.append(f"exctable {co.co_exceptiontable.hex()}")
    out.append("entries " + ";".join(
        f"{e.start},{e.end},{e.target},{e.depth},{int(e.lasti)}" for e in dis._parse_exception_table(co)))
    for c in co.co_consts:
        if hasattr(c, "co_code"):
            walk(c, out)


for name in MODULES:
    mod = __import__(name)
    path = mod.__file__
    with open(path, "rb") as f:
        src = f.read()
    out = []
    walk(compile(src, name + ".py", "exec"), out)
    with open(f"tables_{name}.txt", "w") as f:
        f.write("\n".join(out) + "\n")
