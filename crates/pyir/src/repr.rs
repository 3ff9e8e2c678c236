//! Python's `repr()` of constants, exactly as CPython 3.11 prints them: str (quote choice, escapes, printable
//! characters per Unicode 14.0), bytes, ints, floats (shortest round-trip digits, `1e+16`, `inf`, `nan`, `-0.0`),
//! complex, tuples, frozensets (in CPython's set iteration order, with string hashes as under `PYTHONHASHSEED=0`)
//! and code objects.
//!
//! Shared by `dis`, the VM and `pyfront ast`. `hash.rs` holds CPython's hash functions, which decide set order.

pub mod hash;
mod printable;

use std::fmt::Write as _;

use crate::code::{CodeObject, Constant};

/// Whether `str.isprintable()` holds for `c` (`repr` keeps it as is).
pub fn is_printable(c: char) -> bool {
    let cp = c as u32;
    printable::NON_PRINTABLE
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_err()
}

/// `repr(s)` for a str.
pub fn str_repr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_str_repr(&mut out, s);
    out
}

/// Appends `repr(s)`: single quotes unless the text has a `'` and no `"`.
pub fn write_str_repr(out: &mut String, s: &str) {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x7F && c >= ' ' => out.push(c),
            c if (c as u32) < 0x7F || !is_printable(c) => {
                let cp = c as u32;
                let _ = if cp < 0x100 {
                    write!(out, "\\x{cp:02x}")
                } else if cp < 0x10000 {
                    write!(out, "\\u{cp:04x}")
                } else {
                    write!(out, "\\U{cp:08x}")
                };
            }
            c => out.push(c),
        }
    }
    out.push(quote);
}

/// `repr(b)` for bytes.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') { b'"' } else { b'\'' };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            c if !(b' '..0x7F).contains(&c) => {
                let _ = write!(out, "\\x{c:02x}");
            }
            c => out.push(c as char),
        }
    }
    out.push(quote as char);
    out
}

/// `repr(x)` for a float: the shortest digits that round-trip, in positional form unless the decimal exponent is
/// below -4 or at least 16 (`float_repr_style == 'short'`, `Py_DTSF_ADD_DOT_0`).
pub fn float_repr(x: f64) -> String {
    format_float(x, true, false)
}

/// `PyOS_double_to_string(x, 'r', 0, flags)`: `add_dot_0` appends `.0` to integral positional values; `sign`
/// always writes a sign.
fn format_float(x: f64, add_dot_0: bool, sign: bool) -> String {
    let neg = x.is_sign_negative();
    let lead = if neg {
        "-"
    } else if sign {
        "+"
    } else {
        ""
    };
    if x.is_nan() {
        // CPython prints NaN without its sign bit unless a sign is requested.
        return if sign { "+nan".to_owned() } else { "nan".to_owned() };
    }
    if x.is_infinite() {
        return format!("{lead}inf");
    }
    // Rust's `{:e}` gives the shortest round-trip digits, as `d.ddde<exp>`.
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let mut out = String::from(lead);
    if !(-4..16).contains(&exp) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.unsigned_abs());
    } else if exp < 0 {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let point = exp as usize + 1;
        if digits.len() <= point {
            out.push_str(&digits);
            for _ in digits.len()..point {
                out.push('0');
            }
            if add_dot_0 {
                out.push_str(".0");
            }
        } else {
            out.push_str(&digits[..point]);
            out.push('.');
            out.push_str(&digits[point..]);
        }
    }
    out
}

/// `repr(complex(re, im))`: `1j` when the real part is +0.0, else `(re±imj)`.
pub fn complex_repr(re: f64, im: f64) -> String {
    if re == 0.0 && re.is_sign_positive() {
        format!("{}j", format_float(im, false, false))
    } else {
        format!("({}{}j)", format_float(re, false, false), format_float(im, false, true))
    }
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
        Constant::Str(s) => write_str_repr(out, s),
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
