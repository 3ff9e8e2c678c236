//! The bridge to `pydis`: the disassembly text the built-in `dis` module prints.
//!
//! FIXME: pydis has not landed its library API yet; until it does, `dis.dis` raises SystemError.

use pyir::code::CodeObject;

pub fn dis(_co: &CodeObject) -> Result<String, String> {
    Err("dis is not available yet (pydis has no library API)".into())
}

pub fn code_info(_co: &CodeObject) -> Result<String, String> {
    Err("dis.code_info is not available yet (pydis has no library API)".into())
}
