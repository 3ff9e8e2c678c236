//! Fuzz target: `python3 -m tokenize`'s token stream (`pyfront tokenize`) on arbitrary bytes must be a value or an
//! error, never a panic, for both the plain and the exact (`-e`) listing.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = pyfront::tokenize::tokenize_file(data, "<fuzz>", false);
    let _ = pyfront::tokenize::tokenize_file(data, "<fuzz>", true);
});
