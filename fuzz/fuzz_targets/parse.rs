//! Fuzz target: decoding and parsing arbitrary bytes (in every mode, with and without type comments) and dumping the
//! tree as `python3 -m ast` does must give a tree or a `SyntaxError`/`RecursionError` value, never a panic or a stack
//! overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pyfront::dump::{DumpOptions, dump};
use pyfront::{Mode, ParseOptions};

fuzz_target!(|data: &[u8]| {
    let arena = bumpalo::Bump::new();
    for (mode, type_comments) in [
        (Mode::Module, true),
        (Mode::Module, false),
        (Mode::Expression, false),
        (Mode::Interactive, false),
        (Mode::FunctionType, false),
    ] {
        if let Ok(tree) = pyfront::parse_file_with(data, &arena, &ParseOptions { mode, type_comments }) {
            let _ = dump(&tree, DumpOptions { include_attributes: true, indent: 3 });
        }
    }
});
