"""Blesses the fold programs here exactly as `crates/pyir/test_data/codegen/gen.py` blesses codegen's: for every
NNNN_name.py, NNNN_name.code (CPython 3.11's code objects, positions included) and NNNN_name.ast (its unoptimised AST).

These programs stress the AST folder inside whole modules: locations of folded nodes (a constant takes the folded
node's span, `not x in y` the comparison's, the %-format pieces none), docstrings, defaults, loops. Run with CPython
3.11: `python3 crates/pyopt/test_data/fold/programs/gen.py`. Never edit outputs by hand.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CODEGEN_GEN = os.path.join(HERE, "..", "..", "..", "..", "pyir", "test_data", "codegen", "gen.py")
# Run codegen's script as if it lived here: it finds its directory through __file__.
with open(CODEGEN_GEN) as f:
    exec(compile(f.read(), CODEGEN_GEN, "exec"), {"__file__": os.path.join(HERE, "gen.py"), "__name__": "__main__"})
