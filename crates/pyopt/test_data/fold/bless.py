#!/usr/bin/env python3
"""Writes the expected `.fold` file beside every case file here, from CPython 3.11's compiler.

Run from anywhere: `python3 crates/pyopt/test_data/fold/bless.py`. Never edit a `.fold` file by hand.

CPython does not expose its optimised AST, so the observable is the compiled code:
- an eval-mode file holds one expression per line; each gets three lines: the source, `consts:` (the repr of
  co_consts) and `ops:` (the instructions without RESUME and the final RETURN_VALUE);
- a file whose first line is `# mode: exec` is one module (`# optimize: N` sets the level); it gets `consts:` and
  `names:`, with nested code objects shown as `<code NAME consts=... names=...>`.
Frozenset items are sorted by their repr, so that the order does not depend on hashing.
"""
import dis
import pathlib
import sys
import types

assert sys.version_info[:2] == (3, 11), "bless with CPython 3.11"

HERE = pathlib.Path(__file__).resolve().parent


def r(c, deep):
    if isinstance(c, types.CodeType):
        if not deep:
            return f"<code {c.co_name}>"
        return f"<code {c.co_name} consts={r(c.co_consts, deep)} names={r(c.co_names, deep)}>"
    if isinstance(c, tuple):
        items = [r(x, deep) for x in c]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if isinstance(c, frozenset):
        return "frozenset({" + ", ".join(sorted(r(x, deep) for x in c)) + "})"
    return repr(c)


# Instructions whose argument the expected output keeps as a number.
NUMERIC_ARG = {"BINARY_OP", "COMPARE_OP", "IS_OP", "CONTAINS_OP", "BUILD_TUPLE", "BUILD_LIST", "BUILD_SET",
               "BUILD_STRING", "BUILD_SLICE", "FORMAT_VALUE", "LIST_EXTEND", "SET_UPDATE", "MAKE_FUNCTION",
               "PRECALL", "CALL"}


def ops(co):
    out = []
    instrs = [i for i in dis.get_instructions(co) if i.opname != "RESUME"]
    assert instrs[-1].opname == "RETURN_VALUE"
    for i in instrs[:-1]:
        if i.opname in NUMERIC_ARG:
            out.append(f"{i.opname}({i.arg})")
        elif i.opname in ("LOAD_NAME", "LOAD_ATTR"):
            out.append(f"{i.opname}({i.argval})")
        else:
            out.append(i.opname)
    return " ".join(out)


def bless(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines and lines[0] == "# mode: exec":
        optimize = 0
        for line in lines:
            if line.startswith("# optimize: "):
                optimize = int(line.split(": ")[1])
        co = compile(path.read_text(encoding="utf-8"), path.name, "exec", optimize=optimize)
        out = [f"consts: {r(co.co_consts, True)}", f"names: {r(co.co_names, True)}"]
    else:
        out = []
        for line in lines:
            if not line.strip() or line.startswith("#"):
                continue
            co = compile(line, path.name, "eval")
            out += [line, f"    consts: {r(co.co_consts, False)}", f"    ops: {ops(co)}"]
    path.with_suffix(".fold").write_text("\n".join(out) + "\n", encoding="utf-8")


def main():
    for path in sorted(HERE.glob("[0-9][0-9][0-9][0-9]_*.py")):
        bless(path)


if __name__ == "__main__":
    main()
