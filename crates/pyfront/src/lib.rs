//! pyfront: Python 3.11 source to tokens and a CPython-shaped AST.

pub mod ast;
