//! The errors of the compile driver: a `SyntaxError` from the front end, or an error from compiling the AST.

use std::fmt;

use pyir::error::CompileError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The source does not parse (tokenizer or parser), with CPython's message and location.
    Syntax(pyfront::error::SyntaxError),
    /// The AST does not compile (symbol table, codegen or assembler), with CPython's message.
    Compile(CompileError),
}

impl From<pyfront::error::SyntaxError> for Error {
    fn from(e: pyfront::error::SyntaxError) -> Error {
        Error::Syntax(e)
    }
}

impl From<CompileError> for Error {
    fn from(e: CompileError) -> Error {
        Error::Compile(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Syntax(e) => write!(f, "{e}"),
            Error::Compile(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}
