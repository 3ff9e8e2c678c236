//! pyopt: CPython 3.11's optimisation passes, each switchable, and the top-level compile driver.
//!
//! In: a `pyfront` AST (for the AST folding) or a `pyir` CFG (for the CFG passes, called by the assembler through
//! `pyir::assemble::CfgOptimizer`). Out: the same, optimised as CPython 3.11 does when every pass is on.
//! The driver ([`compile_source`], [`compile_module`]) runs the whole compiler on an AST: AST passes, symbol table and codegen (`pyir`),
//! assembly with the CFG passes chosen in [`OptConfig`].
//!
//! Layout: `fold.rs` + `fold/` (ast_opt.c's constant folding, configured by [`fold::FoldConfig`]), `peephole.rs`
//! (compile.c's `optimize_cfg`: `optimize_basic_block`'s rules, NOP cleanup, `extend_block`, unreachable-code and
//! jump-to-next removal, configured by [`PassConfig`]), `error.rs` (the driver's errors).

pub mod error;
pub mod fold;
pub mod peephole;

use pyir::code::CodeObject;
use pyir::compile::CompileOptions;

pub use error::Error;
pub use fold::FoldConfig;
pub use peephole::PassConfig;

/// Everything a compilation can switch: `compile()`'s optimize level and each optimisation pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptConfig {
    /// `optimize` as `compile()` takes it once resolved: 0, 1 (`-O`) or 2 (`-OO`, drops docstrings).
    pub optimize: u8,
    /// The AST folding rules (`ast_opt.c`); the driver sets their `optimize` and `future_annotations`.
    pub fold: FoldConfig,
    /// The CFG passes run at the assembler's `optimize_cfg` step.
    pub passes: PassConfig,
}

impl OptConfig {
    /// CPython 3.11's defaults (`optimize=0`, every pass on): byte-identical output.
    pub fn cpython() -> OptConfig {
        OptConfig { optimize: 0, fold: FoldConfig::cpython(), passes: PassConfig::cpython() }
    }

    /// No optimisation pass at all (`-O0` in our CLIs); the code still runs.
    pub fn none() -> OptConfig {
        OptConfig { optimize: 0, fold: FoldConfig::none(), passes: PassConfig::none() }
    }
}

impl Default for OptConfig {
    fn default() -> OptConfig {
        OptConfig::cpython()
    }
}

/// Compiles a source file's bytes (`exec` mode) as `compile(source, filename, 'exec')` does: decoding (BOM, PEP 263
/// cookie), parsing, then [`compile_module`]. The entry point every CLI uses.
pub fn compile_source(source: &[u8], filename: &str, cfg: &OptConfig) -> Result<CodeObject, Error> {
    let arena = bumpalo::Bump::new();
    let module = pyfront::parse_file(source, pyfront::Mode::Module, &arena)?;
    compile_module(&module, &arena, filename, cfg)
}

/// Compiles a parsed module (`exec` mode) as CPython's `_PyAST_Compile` does: the AST folding (into `arena`), then
/// symbol table, codegen and assembly with the configured CFG passes.
pub fn compile_module<'a>(
    module: &pyfront::ast::Mod<'a>,
    arena: &'a bumpalo::Bump,
    filename: &str,
    cfg: &OptConfig,
) -> Result<CodeObject, Error> {
    let future_annotations = future_annotations(module);
    let fold_cfg = FoldConfig { optimize: i32::from(cfg.optimize), future_annotations, ..cfg.fold };
    let folded = fold::fold_module(module, arena, &fold_cfg)?;
    let opts = CompileOptions { optimize: cfg.optimize, future_annotations, optimizer: Some(&cfg.passes) };
    Ok(pyir::compile::compile_module(&folded, filename, &opts)?)
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
