//! The errors of `pydis`: a code object whose tables or operands `dis` cannot read (where CPython's `dis` raises).

use std::fmt;

/// A malformed code object: an operand out of range or an undecodable table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisError {
    pub msg: String,
}

impl DisError {
    pub fn new(msg: impl Into<String>) -> DisError {
        DisError { msg: msg.into() }
    }
}

impl fmt::Display for DisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for DisError {}
