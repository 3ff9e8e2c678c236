//! Python's `repr()` of code-object constants, exactly as CPython 3.11 prints them: tuples, frozensets (in CPython's
//! set iteration order, with string hashes as under `PYTHONHASHSEED=0`) and code objects, on top of
//! `pyfront::repr` (the workspace's one copy of the str, bytes, int, float and complex reprs).
//!
//! Shared by `dis` and the VM. `hash.rs` holds CPython's hash functions, which decide set order.

pub mod hash;

use std::fmt::Write as _;

use pyfront::repr as scalar;

use crate::code::{CodeObject, Constant};

/// `repr(s)` for a str.
pub fn str_repr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    scalar::write_str_repr(&mut out, s);
    out
}

/// `repr(b)` for bytes.
pub fn bytes_repr(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len() + 3);
    scalar::write_bytes_repr(&mut out, b);
    out
}

/// `repr(x)` for a float.
pub fn float_repr(x: f64) -> String {
    let mut out = String::new();
    scalar::write_float_repr(&mut out, x);
    out
}

/// `repr(complex(re, im))`.
pub fn complex_repr(re: f64, im: f64) -> String {
    let mut out = String::new();
    scalar::write_complex_repr(&mut out, re, im);
    out
}

/// `repr(code)`: `<code object NAME at 0xADDR, file "FILE", line N>`. The address is not deterministic in CPython;
/// `addr` should be a plausible one (see [`fake_address`]).
pub fn code_repr(code: &CodeObject, addr: u64) -> String {
    format!("<code object {} at {:#x}, file \"{}\", line {}>", code.name, addr, code.filename, code.firstlineno)
}

/// A stable, plausible-looking heap address for an object, derived from its location in our memory.
pub fn fake_address<T>(obj: &T) -> u64 {
    0x7f00_0000_0000 | (obj as *const T as u64 & 0xff_ffff_fff0)
}

/// `repr(c)` for any constant.
pub fn const_repr(c: &Constant) -> String {
    let mut out = String::new();
    write_const_repr(&mut out, c);
    out
}

pub fn write_const_repr(out: &mut String, c: &Constant) {
    match c {
        Constant::None => out.push_str("None"),
        Constant::False => out.push_str("False"),
        Constant::True => out.push_str("True"),
        Constant::Ellipsis => out.push_str("Ellipsis"),
        Constant::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Constant::Float(f) => out.push_str(&float_repr(*f)),
        Constant::Complex { re, im } => out.push_str(&complex_repr(*re, *im)),
        Constant::Str(s) => scalar::write_wtf8_repr(out, s),
        Constant::Bytes(b) => out.push_str(&bytes_repr(b)),
        Constant::Tuple(items) => {
            out.push('(');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_const_repr(out, item);
            }
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        Constant::FrozenSet(items) => {
            if items.is_empty() {
                out.push_str("frozenset()");
                return;
            }
            out.push_str("frozenset({");
            for (i, idx) in hash::frozenset_order(items).into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_const_repr(out, &items[idx]);
            }
            out.push_str("})");
        }
        Constant::Code(code) => out.push_str(&code_repr(code, fake_address(&**code))),
    }
}

#[cfg(test)]
mod tests;
