//! pyir: from the AST to CPython 3.11 code objects.
//!
//! In: a `pyfront` AST (after `pyopt`'s AST passes). Out: [`code::CodeObject`]s byte-identical to CPython 3.11's,
//! and their marshal / `.pyc` form.
//!
//! Layout: `opcode.rs` (the one opcode table), `code.rs` (the code object and constants), `marshal.rs` +
//! `marshal/` (marshal v4, byte-identical writing), `pyc.rs` (.pyc files, SipHash-1-3), `repr.rs` + `repr/`
//! (Python `repr()` and `hash()` of constants, for `dis`, the VM and `pyfront ast`).

pub mod code;
pub mod marshal;
pub mod opcode;
pub mod pyc;
pub mod repr;
