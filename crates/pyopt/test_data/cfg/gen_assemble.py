"""Regenerates the *.expected files: what CPython 3.11 assembles for the code object each *.cfg describes.

Run from this directory with CPython 3.11: `python3 gen_assemble.py`. A .cfg names its source (`source FILE`, by
default the .py of the same stem) and the code object (`code QUALNAME`, empty for the module).
"""
import glob
import os
import sys

assert sys.version_info[:2] == (3, 11), sys.version


def const_repr(c):
    if hasattr(c, "co_code"):
        return "code:" + c.co_name
    return repr(c)


def find(co, qualname):
    if co.co_qualname == qualname or (qualname == "" and co.co_name == "<module>"):
        return co
    for c in co.co_consts:
        if hasattr(c, "co_code"):
            found = find(c, qualname)
            if found:
                return found
    return None


for cfg in sorted(glob.glob("*.cfg")):
    stem = cfg[:-4]
    source, qualname = stem + ".py", ""
    for line in open(cfg):
        if line.startswith("source "):
            source = line.split()[1]
        elif line.startswith("code"):
            qualname = line[4:].strip()
    co = find(compile(open(source).read(), source, "exec"), qualname)
    with open(stem + ".expected", "w") as f:
        f.write(f"code {co.co_code.hex()}\n")
        f.write(f"linetable {co.co_linetable.hex()}\n")
        f.write(f"exctable {co.co_exceptiontable.hex()}\n")
        f.write(f"stacksize {co.co_stacksize}\n")
        f.write(f"consts {' '.join(const_repr(c) for c in co.co_consts)}\n")
        f.write(f"names {' '.join(co.co_names)}\n")
        f.write(f"localsplusnames {' '.join(co.co_varnames + co.co_cellvars + co.co_freevars)}\n")
        f.write(f"nlocals {co.co_nlocals}\n")
        f.write(f"argcount {co.co_argcount}\n")
        f.write(f"flags {co.co_flags}\n")
        f.write(f"firstlineno {co.co_firstlineno}\n")
