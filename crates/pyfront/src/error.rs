//! The front end's one error type: a Python `SyntaxError` (or one of its subclasses) as data.

use crate::token::LineIndex;

/// Which exception class CPython raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    SyntaxError,
    IndentationError,
    TabError,
    /// Not a `SyntaxError` at all: CPython's parser gives up on input nested deeper than its recursion allows
    /// (an error without message or location).
    MemoryError,
}

impl ErrorKind {
    /// The Python class name, as a traceback prints it.
    pub const fn name(self) -> &'static str {
        match self {
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::IndentationError => "IndentationError",
            ErrorKind::TabError => "TabError",
            ErrorKind::MemoryError => "MemoryError",
        }
    }
}

/// Which location attributes of a `SyntaxError` CPython leaves `None`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Missing {
    /// All are set.
    #[default]
    Nothing,
    /// `end_lineno` and `end_offset`: errors `compile()` raises before tokenizing (an unknown or undecodable
    /// encoding), at line 0, offset -1.
    End,
    /// All four: errors without a location (a null byte in the source).
    All,
}

/// A `SyntaxError` with CPython's message and location.
///
/// `lineno`/`end_lineno` are 1-based; `offset`/`end_offset` are 1-based *character* columns, as
/// CPython's `SyntaxError.offset` counts them. They are signed because CPython itself reports 0 or
/// -1 for some errors (e.g. `end_offset` of an IndentationError), and we reproduce its values.
/// `missing` says which attributes CPython leaves `None` (their fields here are then 0).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SyntaxError {
    pub kind: ErrorKind,
    pub msg: String,
    pub lineno: u32,
    pub offset: i32,
    pub end_lineno: u32,
    pub end_offset: i32,
    /// The location attributes CPython sets to `None`.
    pub missing: Missing,
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
            missing: Missing::Nothing,
            text: None,
        }
    }

    /// An error without any location (CPython's attributes all `None`).
    pub fn unlocated(msg: impl Into<String>) -> Self {
        SyntaxError { missing: Missing::All, ..SyntaxError::new(msg, 0, 0, 0, 0) }
    }

    /// The `MemoryError` CPython's parser raises when its recursion runs too deep.
    pub fn memory_error() -> Self {
        SyntaxError { kind: ErrorKind::MemoryError, ..SyntaxError::unlocated("") }
    }

    /// An error `compile()` raises before tokenizing: line 0, offset -1, no end.
    pub fn before_tokenizing(msg: impl Into<String>) -> Self {
        SyntaxError { missing: Missing::End, ..SyntaxError::new(msg, 0, -1, 0, 0) }
    }

    /// A `SyntaxError` spanning the byte range `start..end` of `source`, with columns converted to
    /// CPython's 1-based character offsets (what pegen's `RAISE_ERROR_KNOWN_LOCATION` does).
    pub fn at_range(msg: impl Into<String>, source: &str, index: &LineIndex, start: u32, end: u32) -> Self {
        let s = index.line_char_col(source, start);
        let e = index.line_char_col(source, end);
        SyntaxError::new(msg, s.line, s.col as i32 + 1, e.line, e.col as i32 + 1)
    }

    /// Whether CPython gives this error a line (even line 0), so that tracebacks print a `File` line.
    pub fn located(&self) -> bool {
        self.missing != Missing::All
    }

    /// `lineno offset end_lineno end_offset` as Python prints the attributes, `None` where CPython has none.
    pub fn location_text(&self) -> String {
        match self.missing {
            Missing::Nothing => format!("{} {} {} {}", self.lineno, self.offset, self.end_lineno, self.end_offset),
            Missing::End => format!("{} {} None None", self.lineno, self.offset),
            Missing::All => "None None None None".to_string(),
        }
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

/// The part of a file's line that CPython shows with an error when it re-reads the file (`err_programtext`): it
/// reads lines in chunks of at most 999 bytes and keeps the last, so a longer line shows only its tail.
pub fn program_line(line: &[u8]) -> &[u8] {
    const CHUNK: usize = 999;
    if line.len() <= CHUNK {
        return line;
    }
    &line[(line.len() - 1) / CHUNK * CHUNK..]
}
