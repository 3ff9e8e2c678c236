//! pyopt: CPython 3.11's optimisation passes, each switchable, and the top-level compile driver.
//!
//! In: a `pyfront` AST (for the AST folding) or a `pyir` CFG (for the CFG passes, called by the assembler through
//! `pyir::assemble::CfgOptimizer`). Out: the same, optimised as CPython 3.11 does when every pass is on.
//! The driver ([`compile_module`]) runs the whole compiler on an AST: AST passes, symbol table and codegen (`pyir`),
//! assembly with the CFG passes chosen in [`OptConfig`].
//!
//! Layout: `peephole.rs` (compile.c's `optimize_cfg`: `optimize_basic_block`'s rules, NOP cleanup, `extend_block`,
//! unreachable-code and jump-to-next removal, configured by [`PassConfig`]), `error.rs` (the driver's errors).

pub mod error;
pub mod peephole;

use pyir::code::CodeObject;
use pyir::compile::CompileOptions;

pub use error::Error;
pub use peephole::PassConfig;

/// Everything a compilation can switch: `compile()`'s optimize level and each optimisation pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptConfig {
    /// `optimize` as `compile()` takes it once resolved: 0, 1 (`-O`) or 2 (`-OO`, drops docstrings).
    pub optimize: u8,
    /// The CFG passes run at the assembler's `optimize_cfg` step.
    pub passes: PassConfig,
}

impl OptConfig {
    /// CPython 3.11's defaults (`optimize=0`, every pass on): byte-identical output.
    pub const fn cpython() -> OptConfig {
        OptConfig { optimize: 0, passes: PassConfig::cpython() }
    }

    /// No optimisation pass at all (`-O0` in our CLIs); the code still runs.
    pub const fn none() -> OptConfig {
        OptConfig { optimize: 0, passes: PassConfig::none() }
    }
}

impl Default for OptConfig {
    fn default() -> OptConfig {
        OptConfig::cpython()
    }
}

/// Compiles a parsed module (`exec` mode) to its code object with the configured passes.
///
/// FIXME: the AST folding (`fold`) is not wired in yet; until it is, programs whose CPython output depends on
/// `ast_opt.c` (constant tuples, negative literals, ...) differ.
pub fn compile_module(module: &pyfront::ast::Mod<'_>, filename: &str, cfg: &OptConfig) -> Result<CodeObject, Error> {
    let opts = CompileOptions {
        optimize: cfg.optimize,
        future_annotations: future_annotations(module),
        optimizer: Some(&cfg.passes),
    };
    Ok(pyir::compile::compile_module(module, filename, &opts)?)
}

/// Whether the module starts with `from __future__ import annotations` (future.c's scan: an optional docstring,
/// then consecutive `from __future__ import` statements).
fn future_annotations(module: &pyfront::ast::Mod<'_>) -> bool {
    use pyfront::ast::{Constant, ExprKind, Mod, StmtKind};
    let Mod::Module { body, .. } = module else {
        return false;
    };
    let mut stmts = body.iter().peekable();
    if let Some(first) = stmts.peek()
        && let StmtKind::Expr { value } = first.kind
        && matches!(value.kind, ExprKind::Constant { value: Constant::Str(_), .. })
    {
        stmts.next();
    }
    for s in stmts {
        match s.kind {
            StmtKind::ImportFrom { module: Some("__future__"), names, .. } => {
                if names.iter().any(|a| a.name == "annotations") {
                    return true;
                }
            }
            _ => return false,
        }
    }
    false
}
