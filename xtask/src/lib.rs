//! Project automation shared by `cargo xtask` (the binary) and the workspace's golden tests.
//!
//! Layout: `golden.rs` (the golden-file harness: stages, comparison, bless) with its parts in `golden/`.

pub mod golden;
