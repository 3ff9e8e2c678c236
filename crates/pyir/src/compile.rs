//! The compiler driver: an AST module to its code object (CPython's `_PyAST_Compile` after the AST optimiser).
//!
//! Builds the symbol table, runs codegen over every code unit and assembles each unit as soon as it is finished,
//! as compile.c does, so nested code objects become constants of their parents.

use crate::assemble::{AssembleOptions, CfgOptimizer, assemble};
use crate::code::CodeObject;
use crate::codegen::{AssembleFn, Compiler};
use crate::error::CompileError;
use crate::symtable::SymbolTable;

/// Options of one compilation.
#[derive(Clone, Copy, Default)]
pub struct CompileOptions<'o> {
    /// `optimize` as `compile()` takes it once resolved: 0, 1 (`-O`) or 2 (`-OO`, drops docstrings).
    pub optimize: u8,
    /// `from __future__ import annotations` is in effect.
    pub future_annotations: bool,
    /// The CFG passes run by the assembler at `optimize_cfg`'s step (`pyopt` provides CPython's); `None` runs none.
    pub optimizer: Option<&'o dyn CfgOptimizer>,
}

impl std::fmt::Debug for CompileOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompileOptions")
            .field("optimize", &self.optimize)
            .field("future_annotations", &self.future_annotations)
            .field("optimizer", &self.optimizer.is_some())
            .finish()
    }
}

/// Compiles `module` (already through the AST optimiser) to the module's code object, assembling every code unit
/// with [`assemble`] and `opts.optimizer`.
pub fn compile_module(
    module: &pyfront::ast::Mod<'_>,
    filename: &str,
    opts: &CompileOptions<'_>,
) -> Result<CodeObject, CompileError> {
    let asm_opts = AssembleOptions { optimizer: opts.optimizer };
    let asm = |cfg, info| assemble(cfg, info, &asm_opts);
    compile_module_with(module, filename, opts, &asm)
}

/// Compiles `module` with a caller-supplied assembler (called once per code unit, innermost first).
pub fn compile_module_with(
    module: &pyfront::ast::Mod<'_>,
    filename: &str,
    opts: &CompileOptions<'_>,
    assemble: &AssembleFn<'_>,
) -> Result<CodeObject, CompileError> {
    let (future_lineno, future_flags) = future_features(module)?;
    let future_annotations = future_flags & FUTURE_ANNOTATIONS != 0 || opts.future_annotations;
    let st = SymbolTable::build(module, future_annotations)?;
    let mut c = Compiler::new(&st, filename, opts.optimize, assemble);
    c.future_annotations = future_annotations;
    c.future_lineno = future_lineno;
    c.future_flags = future_flags | if future_annotations { FUTURE_ANNOTATIONS } else { 0 };
    let co = c.compile_mod(module)?;
    Ok(std::rc::Rc::try_unwrap(co).unwrap_or_else(|rc| (*rc).clone()))
}

/// `CO_FUTURE_ANNOTATIONS`, a code flag of every unit compiled under the future import.
const FUTURE_ANNOTATIONS: u32 = 0x100_0000;
/// `CO_FUTURE_BARRY_AS_BDFL`.
const FUTURE_BARRY_AS_BDFL: u32 = 0x40_0000;

/// `future_parse`: the line of the last `from __future__` import of the module's leading block of future imports
/// (after the docstring), and the code flags its features set; unknown features and late future imports on a line
/// of that block are errors.
fn future_features(module: &pyfront::ast::Mod<'_>) -> Result<(u32, u32), CompileError> {
    use pyfront::ast::{Mod, StmtKind};
    let body = match module {
        Mod::Module { body, .. } => body,
        Mod::Interactive { body } => body,
        _ => return Ok((0, 0)),
    };
    let error = |msg: String, lineno: u32, offset: u32| {
        CompileError::Syntax(crate::error::SyntaxError { msg, lineno, offset, end_lineno: lineno, end_offset: 0 })
    };
    let skip = usize::from(crate::codegen::docstring(body).is_some());
    let (mut lineno, mut flags, mut done, mut prev_line) = (0, 0, false, 0);
    for s in body.iter().skip(skip) {
        if done && s.loc.lineno > prev_line {
            break;
        }
        prev_line = s.loc.lineno;
        match &s.kind {
            StmtKind::ImportFrom { module: Some("__future__"), names, .. } => {
                if done {
                    let msg = "from __future__ imports must occur at the beginning of the file";
                    return Err(error(msg.into(), s.loc.lineno, s.loc.col_offset));
                }
                for a in names.iter() {
                    match a.name {
                        "nested_scopes" | "generators" | "division" | "absolute_import" | "with_statement"
                        | "print_function" | "unicode_literals" | "generator_stop" => {}
                        "barry_as_FLUFL" => flags |= FUTURE_BARRY_AS_BDFL,
                        "annotations" => flags |= FUTURE_ANNOTATIONS,
                        "braces" => return Err(error("not a chance".into(), s.loc.lineno, s.loc.col_offset + 1)),
                        other => {
                            let msg = format!("future feature {other} is not defined");
                            return Err(error(msg, s.loc.lineno, s.loc.col_offset + 1));
                        }
                    }
                }
                lineno = s.loc.lineno;
            }
            _ => done = true,
        }
    }
    Ok((lineno, flags))
}
