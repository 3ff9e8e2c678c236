//! The errors of `pyir`: what compiling an AST to code objects can fail with.
//!
//! Compile errors are CPython's: a `SyntaxError` raised by the symbol table or the compiler (with CPython's message
//! and its 1-based column range), a `SystemError` for an internal inconsistency CPython also checks (a malformed
//! CFG), and, while the milestone's slice is being built, `Unsupported` for a construct codegen does not handle yet.
//! Reading or writing marshal data and `.pyc` files fails with a [`MarshalError`]: the exception `marshal`/importlib
//! raise, in CPython's words.

use std::fmt;

/// A `SyntaxError` as CPython reports it: message, line and 1-based column range (`offset`, `end_offset`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub msg: String,
    pub lineno: u32,
    pub offset: u32,
    pub end_lineno: u32,
    pub end_offset: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompileError {
    /// `SyntaxError` found after parsing (symbol table or compiler), with CPython's wording.
    Syntax(SyntaxError),
    /// A Python-level error other than `SyntaxError` that CPython raises while compiling (`RecursionError`,
    /// `SystemError`, `OverflowError`): the exception type's name and its message.
    Other { kind: &'static str, msg: String },
    /// A construct outside what codegen supports so far; `what` names the AST node.
    Unsupported { what: &'static str, lineno: u32, col_offset: u32 },
}

impl CompileError {
    /// A `SyntaxError` at an AST node's location (columns are 0-based in the AST, 1-based in the error).
    pub fn syntax(msg: impl Into<String>, loc: pyfront::ast::Loc) -> CompileError {
        CompileError::Syntax(SyntaxError {
            msg: msg.into(),
            lineno: loc.lineno,
            offset: loc.col_offset + 1,
            end_lineno: loc.end_lineno,
            end_offset: loc.end_col_offset + 1,
        })
    }

    pub fn unsupported(what: &'static str, loc: pyfront::ast::Loc) -> CompileError {
        CompileError::Unsupported { what, lineno: loc.lineno, col_offset: loc.col_offset }
    }

    pub fn system(msg: impl Into<String>) -> CompileError {
        CompileError::Other { kind: "SystemError", msg: msg.into() }
    }

    pub fn recursion() -> CompileError {
        CompileError::Other {
            kind: "RecursionError",
            msg: "maximum recursion depth exceeded during compilation".to_owned(),
        }
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompileError::Syntax(e) => write!(f, "SyntaxError: {} (line {})", e.msg, e.lineno),
            CompileError::Other { kind, msg } => write!(f, "{kind}: {msg}"),
            CompileError::Unsupported { what, lineno, col_offset } => {
                write!(f, "NotImplementedError: {what} is not supported yet (line {lineno}, column {col_offset})")
            }
        }
    }
}

impl std::error::Error for CompileError {}

/// The Python exception a marshal operation raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarshalErrorKind {
    EOFError,
    ValueError,
    TypeError,
    SystemError,
    UnicodeDecodeError,
    ImportError,
}

/// A failed `loads`/`dumps`, with CPython's exception type and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarshalError {
    pub kind: MarshalErrorKind,
    pub msg: String,
}

impl MarshalError {
    pub(crate) fn new(kind: MarshalErrorKind, msg: impl Into<String>) -> MarshalError {
        MarshalError { kind, msg: msg.into() }
    }

    pub(crate) fn value(msg: impl Into<String>) -> MarshalError {
        MarshalError::new(MarshalErrorKind::ValueError, msg)
    }

    pub(crate) fn eof(msg: &str) -> MarshalError {
        MarshalError::new(MarshalErrorKind::EOFError, msg)
    }
}

impl fmt::Display for MarshalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.msg)
    }
}

impl std::error::Error for MarshalError {}
