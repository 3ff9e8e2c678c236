//! The crate's error type: failures to load or start a program (Python exceptions are values, see `exception`).

use std::fmt;

#[derive(Debug)]
pub enum VmError {
    /// The bytecode cannot be run (unknown opcode, jump out of range).
    BadBytecode(String),
    /// A construct this VM does not support yet.
    Unsupported(String),
}

impl fmt::Display for VmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VmError::BadBytecode(m) => write!(f, "bad bytecode: {m}"),
            VmError::Unsupported(m) => write!(f, "unsupported: {m}"),
        }
    }
}

impl std::error::Error for VmError {}
