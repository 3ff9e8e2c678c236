"""Blesses the codegen goldens: for every NNNN_name.py here, writes NNNN_name.code, a dump of every code object
CPython 3.11 compiles from it (depth-first, parents first), and NNNN_name.ast, CPython's (unoptimised) AST in a
small prefix format, so codegen can be tested apart from our parser.

AST format: a node is `(Kind l c el ec field...)` (the four positions only for located nodes), fields in `_fields`
order; a list is `[ ... ]`; a missing optional is `_`; identifiers and str constants are `s:` + UTF-8 hex; bytes
`b:` + hex; ints `i:` + decimal; floats `f:` + repr; complex `j:` + repr of the imaginary part; `N`, `T`, `F`, `E`
are None, True, False, Ellipsis; enums (ctx, operators) are bare words.

Run with CPython 3.11: `python3 crates/pyir/test_data/codegen/gen.py` (refuses other versions). The Rust test
`crates/pyopt/tests/slices.rs` prints the same dump (`CodeObject::dump`) from our compiler, fed by this AST and by our own parser, and compares. Never edit the .code files by hand.
"""
import os
import sys
import types

if sys.version_info[:2] != (3, 11):
    sys.exit("gen.py needs CPython 3.11")

HERE = os.path.dirname(os.path.abspath(__file__))


def const_repr(c):
    if isinstance(c, types.CodeType):
        return "<code %s>" % c.co_qualname
    if isinstance(c, tuple):
        inner = ", ".join(const_repr(x) for x in c)
        return "(%s,)" % inner if len(c) == 1 else "(%s)" % inner
    if isinstance(c, frozenset):
        # Set iteration order depends on hashing; the dump sorts items by their repr.
        return "frozenset({%s})" % ", ".join(sorted(const_repr(x) for x in c))
    return repr(c)


def dump(co, out):
    out.append("code %s" % co.co_qualname)
    out.append("  name: %s" % co.co_name)
    out.append("  argcount: %d posonly: %d kwonly: %d" % (co.co_argcount, co.co_posonlyargcount, co.co_kwonlyargcount))
    out.append("  flags: 0x%x stacksize: %d firstlineno: %d" % (co.co_flags, co.co_stacksize, co.co_firstlineno))
    out.append("  consts: %s" % ", ".join(const_repr(c) for c in co.co_consts))
    out.append("  names: %s" % ", ".join(co.co_names))
    out.append("  varnames: %s" % ", ".join(co.co_varnames))
    out.append("  freevars: %s" % ", ".join(co.co_freevars))
    out.append("  cellvars: %s" % ", ".join(co.co_cellvars))
    out.append("  code: %s" % co.co_code.hex())
    out.append("  linetable: %s" % co.co_linetable.hex())
    out.append("  exceptiontable: %s" % co.co_exceptiontable.hex())
    for c in co.co_consts:
        if isinstance(c, types.CodeType):
            dump(c, out)


def ast_out(node, out):
    import ast
    if isinstance(node, list):
        out.append("[")
        for x in node:
            ast_out(x, out)
        out.append("]")
    elif node is None:
        out.append("_")
    elif isinstance(node, ast.AST):
        if not node._fields and not hasattr(node, "lineno"):
            out.append(type(node).__name__)
            return
        out.append("(" + type(node).__name__)
        if hasattr(node, "lineno") and "lineno" in node._attributes:
            out.extend(str(getattr(node, a)) for a in ("lineno", "col_offset", "end_lineno", "end_col_offset"))
        for f in node._fields:
            v = getattr(node, f)
            if isinstance(node, ast.Constant) and f == "value":
                out.append(value_token(v))
            else:
                ast_out(v, out)
        out.append(")")
    elif isinstance(node, str):
        out.append("s:" + node.encode("utf-8", "surrogatepass").hex())
    elif isinstance(node, bool):
        out.append("T" if node else "F")
    elif isinstance(node, int):
        out.append("i:%d" % node)
    else:
        raise TypeError(type(node))


def value_token(v):
    if v is None:
        return "N"
    if v is True:
        return "T"
    if v is False:
        return "F"
    if v is Ellipsis:
        return "E"
    if isinstance(v, int):
        return "i:%d" % v
    if isinstance(v, float):
        return "f:" + repr(v)
    if isinstance(v, complex):
        return "j:" + repr(v.imag)
    if isinstance(v, str):
        return "s:" + v.encode("utf-8", "surrogatepass").hex()
    if isinstance(v, bytes):
        return "b:" + v.hex()
    raise TypeError(type(v))


def main():
    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".py") or name == "gen.py":
            continue
        path = os.path.join(HERE, name)
        with open(path, "rb") as f:
            src = f.read()
        try:
            co = compile(src, name, "exec", dont_inherit=True, optimize=-1)
        except SyntaxError as e:
            with open(path[:-3] + ".code", "w") as f:
                f.write("SyntaxError: %s (%s, %s, %s, %s)\n" % (e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset))
            co = None
        import ast
        try:
            tree = ast.parse(src, name)
        except SyntaxError:
            continue
        toks = []
        ast_out(tree, toks)
        with open(path[:-3] + ".ast", "w") as f:
            f.write(" ".join(toks) + "\n")
        if co is None:
            continue
        out = []
        dump(co, out)
        with open(path[:-3] + ".code", "w") as f:
            f.write("\n".join(out) + "\n")


main()
