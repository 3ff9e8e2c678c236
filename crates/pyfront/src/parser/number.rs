//! NUMBER tokens into AST constants: ints of any size and base, floats and imaginary literals.
//!
//! The lexer has already checked the literal's shape (digits, underscores, prefixes), so these conversions only
//! compute values; the one error left is CPython's limit on decimal digits.

use bumpalo::Bump;
use num_bigint::BigUint;

use crate::ast::{Constant, Int};

/// CPython's `sys.int_info.default_max_str_digits`: longer decimal literals are refused.
const MAX_STR_DIGITS: usize = 4300;

/// Why a number literal has no value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum NumberError {
    /// A decimal literal with more digits than CPython converts; holds CPython's message.
    TooManyDigits(String),
}

/// The value of a NUMBER token's text.
pub(crate) fn parse_number<'a>(text: &str, arena: &'a Bump) -> Result<Constant<'a>, NumberError> {
    let last = text.as_bytes().last().copied().unwrap_or(b'0');
    let is_based = text.len() > 1
        && text.as_bytes()[0] == b'0'
        && matches!(text.as_bytes()[1], b'x' | b'X' | b'o' | b'O' | b'b' | b'B');
    if !is_based && (last == b'j' || last == b'J') {
        let imag = parse_float(&text[..text.len() - 1]);
        return Ok(Constant::Complex { real: 0.0, imag });
    }
    if !is_based && text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        return Ok(Constant::Float(parse_float(text)));
    }
    parse_int(text, arena).map(Constant::Int)
}

fn parse_float(text: &str) -> f64 {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    // Rust's parser rounds correctly, as CPython's `_Py_dg_strtod`; huge exponents give infinity as in CPython.
    clean.parse::<f64>().unwrap_or(f64::NAN)
}

fn parse_int<'a>(text: &str, arena: &'a Bump) -> Result<Int<'a>, NumberError> {
    let (radix, digits) = match text.as_bytes().get(..2) {
        Some(b"0x" | b"0X") => (16, &text[2..]),
        Some(b"0o" | b"0O") => (8, &text[2..]),
        Some(b"0b" | b"0B") => (2, &text[2..]),
        _ => (10, text),
    };
    let digits = digits.trim_start_matches('_');
    let mut small: u64 = 0;
    let mut fits = true;
    let mut count = 0usize;
    for b in digits.bytes() {
        if b == b'_' {
            continue;
        }
        count += 1;
        let d = (b as char).to_digit(radix).unwrap_or(0) as u64;
        match small.checked_mul(radix as u64).and_then(|v| v.checked_add(d)) {
            Some(v) if fits => small = v,
            _ => fits = false,
        }
    }
    if fits && small <= i64::MAX as u64 {
        return Ok(Int::Small(small as i64));
    }
    if radix == 10 && count > MAX_STR_DIGITS {
        return Err(NumberError::TooManyDigits(format!(
            "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion: value has {count} digits; \
             use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer \
             literals to avoid decimal conversion limits."
        )));
    }
    let clean: Vec<u8> = digits.bytes().filter(|&b| b != b'_').collect();
    let n = BigUint::parse_bytes(&clean, radix).unwrap_or_default();
    let magnitude = arena.alloc_slice_copy(&n.to_u32_digits());
    Ok(Int::Big { negative: false, magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repr::write_constant_repr;

    #[test]
    fn numbers() {
        let arena = Bump::new();
        for (src, expect) in [
            ("0_0", "0"),
            ("00", "0"),
            ("0x_ff", "255"),
            ("1_000.5e-1_0", "1.0005e-07"),
            ("1e500", "inf"),
            ("1J", "1j"),
            (".5j", "0.5j"),
            ("0o777", "511"),
            ("0b1_0", "2"),
            ("9223372036854775807", "9223372036854775807"),
            ("9223372036854775808", "9223372036854775808"),
            ("0xffffffffffffffffffffffffffffffffffffffff", "1461501637330902918203684832716283019655932542975"),
            ("1.e5", "100000.0"),
            ("1_0j", "10j"),
        ] {
            let mut out = String::new();
            write_constant_repr(&mut out, &parse_number(src, &arena).unwrap());
            assert_eq!(out, expect, "{src}");
        }
        assert!(parse_number(&"1".repeat(4301), &arena).is_err());
        assert!(parse_number(&"1".repeat(4300), &arena).is_ok());
    }
}
