//! The front end's one error type: a Python `SyntaxError` (or one of its subclasses) as data.

use crate::token::LineIndex;

/// Which exception class CPython raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    SyntaxError,
    IndentationError,
    TabError,
}

impl ErrorKind {
    /// The Python class name, as a traceback prints it.
    pub const fn name(self) -> &'static str {
        match self {
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::IndentationError => "IndentationError",
            ErrorKind::TabError => "TabError",
        }
    }
}

/// A `SyntaxError` with CPython's message and location.
///
/// `lineno`/`end_lineno` are 1-based; `offset`/`end_offset` are 1-based *character* columns, as
/// CPython's `SyntaxError.offset` counts them. They are signed because CPython itself reports 0 or
/// -1 for some errors (e.g. `end_offset` of an IndentationError), and we reproduce its values.
/// `lineno == 0` stands for CPython's `None` (an error with no location, such as a null byte).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SyntaxError {
    pub kind: ErrorKind,
    pub msg: String,
    pub lineno: u32,
    pub offset: i32,
    pub end_lineno: u32,
    pub end_offset: i32,
    /// The source line CPython reports (`SyntaxError.text`) when it is not the file's own line `lineno`: an
    /// f-string expression's error shows the `(expr)` text its sub-parser read, offsets relative to it.
    pub text: Option<Box<str>>,
}

impl SyntaxError {
    /// A plain `SyntaxError` at explicit positions.
    pub fn new(msg: impl Into<String>, lineno: u32, offset: i32, end_lineno: u32, end_offset: i32) -> Self {
        SyntaxError {
            kind: ErrorKind::SyntaxError,
            msg: msg.into(),
            lineno,
            offset,
            end_lineno,
            end_offset,
            text: None,
        }
    }

    /// A `SyntaxError` spanning the byte range `start..end` of `source`, with columns converted to
    /// CPython's 1-based character offsets (what pegen's `RAISE_ERROR_KNOWN_LOCATION` does).
    pub fn at_range(msg: impl Into<String>, source: &str, index: &LineIndex, start: u32, end: u32) -> Self {
        let s = index.line_char_col(source, start);
        let e = index.line_char_col(source, end);
        SyntaxError::new(msg, s.line, s.col as i32 + 1, e.line, e.col as i32 + 1)
    }

    /// The same error with another exception class.
    pub fn with_kind(mut self, kind: ErrorKind) -> Self {
        self.kind = kind;
        self
    }
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} (line {})", self.kind.name(), self.msg, self.lineno)
    }
}

impl std::error::Error for SyntaxError {}
