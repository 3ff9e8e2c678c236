//! Fuzz target: the whole pipeline (`pyopt::compile_source`: decode, parse, fold, symtable, codegen, CFG passes,
//! assembly), then `dis` and a marshal round trip, on arbitrary bytes; errors are values, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for cfg in [pyopt::OptConfig::cpython(), pyopt::OptConfig::none()] {
        if let Ok(code) = pyopt::compile_source(data, "<fuzz>", &cfg) {
            let _ = pydis::dis(&code, &pydis::Options::default());
            if let Ok(bytes) = pyir::marshal::dumps(&code) {
                let _ = pyir::marshal::loads_code(&bytes);
            }
        }
    }
});
