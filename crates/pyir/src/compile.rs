//! The compiler driver: an AST module to its code object (CPython's `_PyAST_Compile` after the AST optimiser).
//!
//! Builds the symbol table, runs codegen over every code unit and assembles each unit as soon as it is finished,
//! as compile.c does, so nested code objects become constants of their parents.

use crate::code::CodeObject;
use crate::codegen::{AssembleFn, Compiler};
use crate::error::CompileError;
use crate::symtable::SymbolTable;

/// Options of one compilation.
#[derive(Clone, Copy, Debug, Default)]
pub struct CompileOptions {
    /// `optimize` as `compile()` takes it once resolved: 0, 1 (`-O`) or 2 (`-OO`, drops docstrings).
    pub optimize: u8,
    /// `from __future__ import annotations` is in effect.
    pub future_annotations: bool,
}

/// Compiles `module` with the given assembler (called once per code unit, innermost first).
pub fn compile_module_with(
    module: &pyfront::ast::Mod<'_>,
    filename: &str,
    opts: &CompileOptions,
    assemble: &AssembleFn<'_>,
) -> Result<CodeObject, CompileError> {
    let st = SymbolTable::build(module, opts.future_annotations)?;
    let mut c = Compiler::new(&st, filename, opts.optimize, assemble);
    let co = c.compile_mod(module)?;
    Ok(std::rc::Rc::try_unwrap(co).unwrap_or_else(|rc| (*rc).clone()))
}
