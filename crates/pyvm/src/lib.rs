//! pyvm: see docs/ARCHITECTURE.md.
