//! pyopt: see docs/ARCHITECTURE.md.
