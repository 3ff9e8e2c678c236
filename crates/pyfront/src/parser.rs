//! The parser: a token adapter feeding the lalrpop grammar, and the literal conversions its actions use.

mod number;
