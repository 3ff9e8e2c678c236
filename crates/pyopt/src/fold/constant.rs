//! Views of AST constants as Python values: numbers, truthiness, equality, lengths, and building results in the arena.

use bumpalo::Bump;
use num_bigint::{BigInt, Sign};
use num_traits::{ToPrimitive, Zero};
use pyfront::ast::{Constant, Int};

use super::number::{self, Num};

/// An `int` constant (not `bool`) as a `BigInt`.
pub(crate) fn int_value(i: &Int<'_>) -> BigInt {
    match *i {
        Int::Small(v) => BigInt::from(v),
        Int::Big { negative, magnitude } => number::big_from_digits(negative, magnitude),
    }
}

/// A `BigInt` as an AST integer: `Small` whenever it fits in an `i64`, as the AST's invariant requires.
pub(crate) fn int_constant<'a>(v: &BigInt, arena: &'a Bump) -> Constant<'a> {
    Constant::Int(match v.to_i64() {
        Some(small) => Int::Small(small),
        None => {
            let (sign, digits) = v.to_u32_digits();
            Int::Big { negative: sign == Sign::Minus, magnitude: arena.alloc_slice_copy(&digits) }
        }
    })
}

/// The integer value of an `int` or `bool` constant (what `PyLong_Check` accepts).
pub(crate) fn as_int(c: &Constant<'_>) -> Option<BigInt> {
    match c {
        Constant::Bool(b) => Some(BigInt::from(u8::from(*b))),
        Constant::Int(i) => Some(int_value(i)),
        _ => None,
    }
}

/// The numeric value of an `int`, `bool`, `float` or `complex` constant.
pub(crate) fn as_num(c: &Constant<'_>) -> Option<Num> {
    match c {
        Constant::Float(f) => Some(Num::Float(*f)),
        Constant::Complex { real, imag } => Some(Num::Complex(*real, *imag)),
        _ => as_int(c).map(Num::Int),
    }
}

pub(crate) fn num_constant<'a>(n: &Num, arena: &'a Bump) -> Constant<'a> {
    match n {
        Num::Int(i) => int_constant(i, arena),
        Num::Float(f) => Constant::Float(*f),
        Num::Complex(re, im) => Constant::Complex { real: *re, imag: *im },
    }
}

/// `PyObject_IsTrue`.
pub(crate) fn is_true(c: &Constant<'_>) -> bool {
    match c {
        Constant::None => false,
        Constant::Bool(b) => *b,
        Constant::Ellipsis => true,
        Constant::Int(Int::Small(v)) => *v != 0,
        // `Big` never holds a value that fits in an i64, so it is never zero.
        Constant::Int(Int::Big { .. }) => true,
        Constant::Float(f) => *f != 0.0,
        Constant::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
        Constant::Str(s) => !s.is_empty(),
        Constant::Bytes(b) => !b.is_empty(),
        Constant::Tuple(t) | Constant::FrozenSet(t) => !t.is_empty(),
    }
}

/// `len()` of a str (in code points), bytes, tuple or frozenset constant.
pub(crate) fn seq_len(c: &Constant<'_>) -> Option<usize> {
    match c {
        Constant::Str(s) => Some(s.len_code_points()),
        Constant::Bytes(b) => Some(b.len()),
        Constant::Tuple(t) | Constant::FrozenSet(t) => Some(t.len()),
        _ => None,
    }
}

/// Python `==` between constants, as a set uses it to drop duplicates (equal values always hash alike).
pub(crate) fn py_eq(a: &Constant<'_>, b: &Constant<'_>) -> bool {
    if let (Some(x), Some(y)) = (as_num(a), as_num(b)) {
        return num_eq(&x, &y);
    }
    match (a, b) {
        (Constant::None, Constant::None) | (Constant::Ellipsis, Constant::Ellipsis) => true,
        (Constant::Str(x), Constant::Str(y)) => x == y,
        (Constant::Bytes(x), Constant::Bytes(y)) => x == y,
        (Constant::Tuple(x), Constant::Tuple(y)) => x.len() == y.len() && x.iter().zip(*y).all(|(p, q)| py_eq(p, q)),
        (Constant::FrozenSet(x), Constant::FrozenSet(y)) => {
            x.len() == y.len() && x.iter().all(|p| y.iter().any(|q| py_eq(p, q)))
        }
        _ => false,
    }
}

/// Numeric equality is exact across types: an int equals a float only if the float is that very integer.
fn num_eq(a: &Num, b: &Num) -> bool {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => x == y,
        (Num::Int(i), Num::Float(f)) | (Num::Float(f), Num::Int(i)) => int_eq_float(i, *f),
        (Num::Float(x), Num::Float(y)) => x == y,
        (Num::Complex(re, im), other) | (other, Num::Complex(re, im)) => match other {
            Num::Complex(re2, im2) => re == re2 && im == im2,
            real => *im == 0.0 && num_eq(real, &Num::Float(*re)),
        },
    }
}

fn int_eq_float(i: &BigInt, f: f64) -> bool {
    if !f.is_finite() || f.fract() != 0.0 {
        return false;
    }
    if f == 0.0 {
        return i.is_zero();
    }
    // A finite integral float is m * 2^e exactly.
    let bits = f.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = if exp == 0 { (bits & ((1 << 52) - 1)) << 1 } else { (bits & ((1 << 52) - 1)) | (1 << 52) };
    let e = exp.max(1) - 1075;
    let mut v = BigInt::from(mant);
    if e >= 0 {
        v <<= e as u64;
    } else {
        v >>= (-e) as u64;
    }
    if f < 0.0 {
        v = -v;
    }
    *i == v
}

/// `frozenset(items)`: duplicates (by Python equality) dropped, the first occurrence kept.
///
/// The items stay in source order; the iteration order CPython's set would have (which marshal writes) is the
/// constant pool's business, since it depends on hashes.
pub(crate) fn frozenset<'a>(items: &[Constant<'a>], arena: &'a Bump) -> Constant<'a> {
    let mut out = bumpalo::collections::Vec::with_capacity_in(items.len(), arena);
    for it in items {
        if !out.iter().any(|seen| py_eq(seen, it)) {
            out.push(*it);
        }
    }
    Constant::FrozenSet(out.into_bump_slice())
}
