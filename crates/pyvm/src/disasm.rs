//! The bridge to `pydis`: the disassembly text the built-in `dis` module prints.

use pyir::code::CodeObject;

/// `dis.dis(x)` for a function's or a code object's code.
pub fn dis(co: &CodeObject) -> Result<String, String> {
    let opts = pydis::Options { show_caches: false, depth: None };
    pydis::dis(co, &opts).map_err(|e| e.to_string())
}

/// `dis.code_info(x)`.
pub fn code_info(co: &CodeObject) -> Result<String, String> {
    Ok(pydis::code_info(co))
}
