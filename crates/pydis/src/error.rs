//! The errors of `pydis`: a code object whose tables or operands `dis` cannot read (where CPython's `dis` raises).

use std::fmt;

/// A malformed code object: an operand out of range or an undecodable table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisError {
    /// The Python exception class a traceback would name.
    pub kind: &'static str,
    pub msg: String,
}

impl DisError {
    pub fn new(msg: impl Into<String>) -> DisError {
        DisError { kind: "Error", msg: msg.into() }
    }

    /// `repr()` of an `int` constant longer than CPython converts to decimal.
    pub fn int_digits() -> DisError {
        DisError { kind: "ValueError", msg: pyfront::repr::INT_MAX_STR_DIGITS_MSG.to_owned() }
    }

    /// Python's recursion limit, reached by `dis.dis` in code objects nested too deeply (where Python's words are
    /// those of the comparison that first runs out of depth).
    pub fn recursion() -> DisError {
        DisError { kind: "RecursionError", msg: "maximum recursion depth exceeded in comparison".to_owned() }
    }
}

impl fmt::Display for DisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for DisError {}
