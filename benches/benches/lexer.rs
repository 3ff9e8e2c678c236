//! Lexer throughput.
fn main() {}
