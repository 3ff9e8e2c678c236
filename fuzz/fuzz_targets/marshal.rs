//! Fuzz target: loading arbitrary bytes as marshal data (as `pydis --marshal` does) must give a code object or a
//! `MarshalError`, and a loaded code object must disassemble to text or a `DisError` and dump back, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = pyir::marshal::loads(data);
    if let Ok(code) = pyir::marshal::loads_code(data) {
        let _ = pydis::dis(&code, &pydis::Options::default());
        let _ = pyir::marshal::dumps(&code);
    }
});
