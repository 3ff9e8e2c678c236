//! Python's `repr` of the constant types the AST holds (`str`, `bytes`, `int`, `float`, `complex`), byte for byte
//! as CPython 3.11 writes them.
//!
//! This is the one copy in the workspace: `pyir`, `pydis` and `pyvm` depend on `pyfront` and reuse it.

mod printable;

use std::fmt::Write as _;

use crate::ast::{Constant, Int};
use crate::wtf8::Wtf8;

/// Whether CPython's `str.isprintable()` holds for `c` (Unicode 14.0, as CPython 3.11).
pub fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
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

/// The quote `repr` picks: `'` unless the text holds `'` and no `"`.
fn pick_quote(has_single: bool, has_double: bool) -> char {
    if has_single && !has_double { '"' } else { '\'' }
}

/// Appends `repr(s)` for a `str`.
pub fn write_str_repr(out: &mut String, s: &str) {
    let quote = pick_quote(s.contains('\''), s.contains('"'));
    out.push(quote);
    for c in s.chars() {
        push_repr_char(out, c, quote);
    }
    out.push(quote);
}

/// Appends `repr(s)` for a `str` that may hold lone surrogates (written `\udXXX`, as CPython does).
pub fn write_wtf8_repr(out: &mut String, s: &Wtf8) {
    if let Some(s) = s.as_str() {
        return write_str_repr(out, s);
    }
    let b = s.as_bytes();
    let quote = pick_quote(b.contains(&b'\''), b.contains(&b'"'));
    out.push(quote);
    for c in s.code_points() {
        match char::from_u32(c) {
            Some(c) => push_repr_char(out, c, quote),
            None => {
                let _ = write!(out, "\\u{c:04x}");
            }
        }
    }
    out.push(quote);
}

fn push_repr_char(out: &mut String, c: char, quote: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if (c as u32) < 0x20 || c as u32 == 0x7f => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c if c.is_ascii() || is_printable(c) => out.push(c),
        c if (c as u32) <= 0xff => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c if (c as u32) <= 0xffff => {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\U{:08x}", c as u32);
        }
    }
}

/// Appends `repr(b)` for a `bytes`.
pub fn write_bytes_repr(out: &mut String, b: &[u8]) {
    let quote = pick_quote(b.contains(&b'\''), b.contains(&b'"'));
    out.push('b');
    out.push(quote);
    for &byte in b {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            _ if byte as char == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..0x7f => out.push(byte as char),
            _ => {
                let _ = write!(out, "\\x{byte:02x}");
            }
        }
    }
    out.push(quote);
}

/// Appends `repr(x)` for a `float`: the shortest string that round-trips, in CPython's `'r'` format.
pub fn write_float_repr(out: &mut String, x: f64) {
    write_float(out, x, true, false);
}

/// Appends `repr(complex(real, imag))`.
pub fn write_complex_repr(out: &mut String, real: f64, imag: f64) {
    if real == 0.0 && real.is_sign_positive() {
        write_float(out, imag, false, false);
        out.push('j');
    } else {
        out.push('(');
        write_float(out, real, false, false);
        write_float(out, imag, false, true);
        out.push_str("j)");
    }
}

/// CPython's `PyOS_double_to_string(x, 'r', 0, flags)`: `add_dot_0` is `Py_DTSF_ADD_DOT_0` (floats have it, the
/// parts of a complex do not) and `sign` is `Py_DTSF_SIGN`.
fn write_float(out: &mut String, x: f64, add_dot_0: bool, sign: bool) {
    if x.is_nan() {
        out.push_str(if sign { "+nan" } else { "nan" });
        return;
    }
    if x.is_sign_negative() {
        out.push('-');
    } else if sign {
        out.push('+');
    }
    if x.is_infinite() {
        out.push_str("inf");
        return;
    }
    // Rust's `{:e}` gives a shortest round-tripping string, as CPython's `repr` does, but where two n-digit strings
    // round-trip it may not pick the one closest to the value (at the exact tie 2**-25 it gives `...313e-8`, CPython
    // `...312`, half to even). The correctly rounded n-digit string (Rust's exact mode) is the closest, so CPython
    // picks it whenever it round-trips. It need not: next to a power of two the interval that reads back as `x` is
    // narrower below than above.
    let shortest = format!("{:e}", x.abs());
    let ndigits = shortest.split_once('e').map_or(1, |(m, _)| m.bytes().filter(u8::is_ascii_digit).count());
    let rounded = format!("{:.*e}", ndigits.saturating_sub(1), x.abs());
    let sci = if rounded != shortest && rounded.parse::<f64>() == Ok(x.abs()) { rounded } else { shortest };
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    // The value is 0.DIGITS * 10**decpt.
    let decpt = exp + 1;
    if decpt <= -4 || decpt > 16 {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = decpt - 1;
        let _ = write!(out, "e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    } else if decpt <= 0 {
        out.push_str("0.");
        for _ in 0..-decpt {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let decpt = decpt as usize;
        if digits.len() <= decpt {
            out.push_str(&digits);
            for _ in digits.len()..decpt {
                out.push('0');
            }
            if add_dot_0 {
                out.push_str(".0");
            }
        } else {
            out.push_str(&digits[..decpt]);
            out.push('.');
            out.push_str(&digits[decpt..]);
        }
    }
}

/// Appends `repr(i)` for an `int`.
pub fn write_int_repr(out: &mut String, i: Int<'_>) {
    match i {
        Int::Small(v) => {
            let _ = write!(out, "{v}");
        }
        Int::Big { negative, magnitude } => {
            if negative {
                out.push('-');
            }
            let n = num_bigint::BigUint::from_slice(magnitude);
            let _ = write!(out, "{n}");
        }
    }
}

/// CPython's default limit on the decimal digits of an `int` converted to or from a string
/// (`sys.get_int_max_str_digits()`).
pub const INT_MAX_STR_DIGITS: usize = 4300;

/// The words of the `ValueError` `repr()` raises for an `int` longer than [`INT_MAX_STR_DIGITS`].
pub const INT_MAX_STR_DIGITS_MSG: &str = "Exceeds the limit (4300 digits) for integer string conversion; use \
                                          sys.set_int_max_str_digits() to increase the limit";

/// Whether `repr(i)` raises `ValueError` for having more than [`INT_MAX_STR_DIGITS`] decimal digits. Sizes far from
/// the limit are decided from the bit length alone (a 10^6-digit literal must not be converted to find out).
pub fn int_exceeds_str_digits(i: Int<'_>) -> bool {
    let Int::Big { magnitude, .. } = i else { return false };
    let n = num_bigint::BigUint::from_slice(magnitude);
    // 14000 bits make at most 4215 decimal digits; 14300 bits at least 4305.
    match n.bits() {
        0..=14_000 => false,
        14_301.. => true,
        _ => n.to_string().len() > INT_MAX_STR_DIGITS,
    }
}

/// Appends the `repr` of an AST constant (tuples and frozensets as CPython prints them).
pub fn write_constant_repr(out: &mut String, c: &Constant<'_>) {
    match *c {
        Constant::None => out.push_str("None"),
        Constant::Bool(true) => out.push_str("True"),
        Constant::Bool(false) => out.push_str("False"),
        Constant::Ellipsis => out.push_str("Ellipsis"),
        Constant::Int(i) => write_int_repr(out, i),
        Constant::Float(x) => write_float_repr(out, x),
        Constant::Complex { real, imag } => write_complex_repr(out, real, imag),
        Constant::Str(s) => write_wtf8_repr(out, s),
        Constant::Bytes(b) => write_bytes_repr(out, b),
        Constant::Tuple(items) => {
            out.push('(');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_constant_repr(out, item);
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
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_constant_repr(out, item);
            }
            out.push_str("})");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(f: impl Fn(&mut String), expect: &str) {
        let mut s = String::new();
        f(&mut s);
        assert_eq!(s, expect);
    }

    #[test]
    fn floats() {
        for (x, e) in [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1.5e16, "1.5e+16"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.2345e-7, "1.2345e-07"),
            (123.456, "123.456"),
            (f64::INFINITY, "inf"),
            (-0.0, "-0.0"),
            (1e300, "1e+300"),
            (5e-324, "5e-324"),
            (12345678901234567.0, "1.2345678901234568e+16"),
            // An exact tie between two shortest strings: CPython rounds half to even.
            (2f64.powi(-25), "2.9802322387695312e-08"),
        ] {
            check(|s| write_float_repr(s, x), e);
        }
    }

    /// `repr()` of 3000 doubles, blessed from CPython by `test_data/repr/bless_floats.py` (NaN bit patterns print
    /// `nan` whatever their payload).
    #[test]
    fn floats_match_cpython() {
        let data = include_str!("../test_data/repr/floats.txt");
        let mut wrong = Vec::new();
        for line in data.lines() {
            let (bits, want) = line.split_once(' ').unwrap();
            let x = f64::from_bits(u64::from_str_radix(bits, 16).unwrap());
            let mut got = String::new();
            write_float_repr(&mut got, x);
            if got != want {
                wrong.push(format!("{bits}: {got} != {want}"));
            }
        }
        assert!(wrong.is_empty(), "{} of {} differ:\n{}", wrong.len(), data.lines().count(), wrong.join("\n"));
    }

    #[test]
    fn complexes() {
        check(|s| write_complex_repr(s, 0.0, 1.0), "1j");
        check(|s| write_complex_repr(s, 0.0, 1.5e16), "1.5e+16j");
        check(|s| write_complex_repr(s, 1.0, -2.0), "(1-2j)");
        check(|s| write_complex_repr(s, -0.0, 1.0), "(-0+1j)");
        check(|s| write_complex_repr(s, 0.0, f64::INFINITY), "infj");
    }

    #[test]
    fn strings() {
        check(|s| write_str_repr(s, "it's"), "\"it's\"");
        check(|s| write_str_repr(s, "'\""), "'\\'\"'");
        check(
            |s| write_str_repr(s, "a\tb\x00\x7f\u{85}é\u{200b}\u{10ffff}😀"),
            "'a\\tb\\x00\\x7f\\x85é\\u200b\\U0010ffff😀'",
        );
        check(|s| write_bytes_repr(s, b"a'\x00\xff\\"), "b\"a'\\x00\\xff\\\\\"");
        // Lone surrogates, as Python writes them (`repr('\ud800' "'" '\udfff' 'é')`).
        let w = Wtf8::from_bytes(b"\xed\xa0\x80'\xed\xbf\xbf\xc3\xa9").unwrap();
        check(|s| write_wtf8_repr(s, w), "\"\\ud800'\\udfff\u{e9}\"");
    }

    #[test]
    fn token_strings() {
        let cases = [
            ("abc", "'abc'"),
            ("it's", "\"it's\""),
            ("'\"", "'\\'\"'"),
            ("a\\b\n\t\r", "'a\\\\b\\n\\t\\r'"),
            ("\x0c\x00\u{7f}", "'\\x0c\\x00\\x7f'"),
            ("é€\u{200b}\u{a0}", "'é€\\u200b\\xa0'"),
            ("\u{e0001}", "'\\U000e0001'"),
        ];
        for (s, want) in cases {
            let mut got = String::new();
            crate::repr::write_str_repr(&mut got, s);
            assert_eq!(got, want, "repr of {s:?}");
        }
    }
}
