//! pyopt: see docs/ARCHITECTURE.md.
pub mod fold;
