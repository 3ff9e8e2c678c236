//! pyopt: CPython 3.11's optimisation passes, each switchable, and the top-level compile driver.
//!
//! In: a `pyfront` AST (for the AST folding) or a `pyir` CFG (for the CFG passes, called by the assembler through
//! `pyir::assemble::CfgOptimizer`). Out: the same, optimised as CPython 3.11 does when every pass is on.
//!
//! Layout: `fold.rs` + `fold/` (ast_opt.c's constant folding, configured by [`fold::FoldConfig`]), `peephole.rs`
//! (compile.c's `optimize_cfg`: `optimize_basic_block`'s rules, NOP cleanup, `extend_block`, unreachable-code and
//! jump-to-next removal, configured by [`PassConfig`]).

pub mod fold;
pub mod peephole;

pub use peephole::PassConfig;
