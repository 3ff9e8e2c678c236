//! pyfront: Python 3.11 source to tokens and a CPython-shaped AST.

pub mod ast;
pub mod error;
pub mod lexer;
pub mod source;
pub mod token;
pub mod tokenize;
