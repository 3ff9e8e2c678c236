//! Project automation: `cargo xtask golden [--bless]`.
fn main() {}
