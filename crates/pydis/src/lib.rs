//! pydis: see docs/ARCHITECTURE.md.
