//! Generates the parser from `src/grammar.lalrpop` into `OUT_DIR`.
//!
//! One edit follows lalrpop's output: its `token_to_symbol` (called once per shifted token) is marked
//! `#[inline(always)]`. Left a call, it returns the LR stack value through memory and the driver's unaligned copy
//! of it stalls on store forwarding, which perf showed as a tenth of the driver's time.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=src/grammar.lalrpop");
    if let Err(e) = lalrpop::Configuration::new().use_cargo_dir_conventions().process() {
        panic!("lalrpop failed: {e}");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("grammar.rs");
    let text = match std::fs::read_to_string(&out) {
        Ok(t) => t,
        Err(e) => panic!("reading {}: {e}", out.display()),
    };
    let mut patched = text.clone();
    for (from, to) in [
        ("\n        fn token_to_symbol(&self,", "\n        #[inline(always)]\n        fn token_to_symbol(&self,"),
        ("\n    fn __token_to_symbol<", "\n    #[inline(always)]\n    fn __token_to_symbol<"),
    ] {
        // lalrpop keeps an up-to-date file, so the edit may already be there.
        if !patched.contains(to) {
            patched = patched.replacen(from, to, 1);
        }
    }
    if patched != text
        && let Err(e) = std::fs::write(&out, patched)
    {
        panic!("writing {}: {e}", out.display());
    }
}
