//! pyir: from the AST to CPython 3.11 code objects.
//!
//! In: a `pyfront` AST (after `pyopt`'s AST passes). Out: [`code::CodeObject`]s byte-identical to CPython 3.11's,
//! and their marshal / `.pyc` form.
//!
//! Layout: `opcode.rs` (the one opcode table), `code.rs` (the code object and constants), `error.rs` (compile
//! errors), `symtable.rs` (scopes and name bindings).

pub mod code;
pub mod error;
pub mod opcode;
pub mod symtable;
