//! pyfront: Python 3.11 source to tokens and a CPython-shaped AST.

pub mod ast;
pub mod dump;
pub mod error;
pub mod lexer;
mod parser;
pub mod repr;
pub mod source;
pub mod token;
pub mod tokenize;
pub mod wtf8;

pub use parser::{Mode, ParseOptions, parse, parse_file, parse_file_with};
