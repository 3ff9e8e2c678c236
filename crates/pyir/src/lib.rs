//! pyir: from the AST to CPython 3.11 code objects.
//!
//! In: a `pyfront` AST (after `pyopt`'s AST passes). Out: [`code::CodeObject`]s byte-identical to CPython 3.11's,
//! and their marshal / `.pyc` form.
//!
//! Layout: `opcode.rs` (the one opcode table), `code.rs` (the code object and constants), `error.rs` (compile
//! errors), `symtable.rs` (scopes and name bindings), `codegen.rs` + `codegen/` (AST to a CFG per code
//! unit), `compile.rs` (the driver: `compile_module`), `flowgraph.rs` (the CFG codegen emits into), `consts.rs` (the
//! constant pool with CPython's dedup keys), `assemble.rs` (compile.c's `assemble()`), `linetable.rs` and
//! `exctable.rs` (the location and exception tables, encoders and decoders), `marshal.rs` + `marshal/` (marshal v4,
//! byte-identical writing), `pyc.rs` (.pyc files, SipHash-1-3), `repr.rs` + `repr/` (Python `repr()` and `hash()`
//! of constants, for `dis`, the VM and `pyfront ast`).

pub mod assemble;
pub mod code;
pub mod codegen;
pub mod compile;
pub mod consts;
pub mod error;
pub mod exctable;
pub mod flowgraph;
pub mod linetable;
pub mod marshal;
pub mod opcode;
pub mod pyc;
pub mod repr;
pub mod symtable;
