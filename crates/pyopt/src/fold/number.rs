//! Python's numeric tower as constant folding needs it: arbitrary-precision `int`, `float` and `complex`.
//!
//! Every operation returns `None` exactly where CPython raises (division by zero, an `int` too large for a float,
//! a float overflow in `**`, a negative shift count, an unsupported operand type), because the folder then leaves
//! the expression alone. Results must be bit-identical to CPython's: conversions from `int` round to nearest-even,
//! floor division and modulo follow `floatobject.c`'s sign rules, and the transcendental calls go to the same libm.

use std::cmp::Ordering;

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use pyfront::ast::Operator;

/// A number operand or result (`bool` operands arrive here as `Int`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Num {
    Int(BigInt),
    Float(f64),
    Complex(f64, f64),
}

/// The widest bit count CPython lets folded integer results reach (`MAX_INT_SIZE` in `ast_opt.c`).
pub(crate) const MAX_INT_BITS: u64 = 128;

/// `a / b` for positive integers, correctly rounded to the nearest `f64` (ties to even), or `None` when the result
/// overflows, as `long_true_divide` and `PyLong_AsDouble` compute it.
fn ratio_to_f64(a: &BigUint, b: &BigUint) -> Option<f64> {
    debug_assert!(!a.is_zero() && !b.is_zero());
    let e = a.bits() as i64 - b.bits() as i64;
    // floor(log2(a / b)) is `e` or `e - 1`; compare a with b * 2^e to decide.
    let ge = if e >= 0 { *a >= (b << e as u64) } else { (a << (-e) as u64) >= *b };
    let exp = if ge { e } else { e - 1 };
    if exp > 1023 {
        return None;
    }
    // Scale so that the quotient keeps 53 significant bits, or the fixed 2^-1074 grid for subnormals.
    let shift: i64 = if exp >= -1022 { 52 - exp } else { 1074 };
    let (num, den) = if shift >= 0 { (a << shift as u64, b.clone()) } else { (a.clone(), b << (-shift) as u64) };
    let (mut q, r) = num.div_rem(&den);
    match (r << 1u32).cmp(&den) {
        Ordering::Greater => q += 1u32,
        Ordering::Equal if q.bit(0) => q += 1u32,
        _ => {}
    }
    // q has at most 54 bits, so it converts exactly, and -1074 <= -shift <= 971: the product is exact unless it
    // overflows to infinity.
    let q = q.to_u64()? as f64;
    let scaled = q * pow2(-shift);
    scaled.is_finite().then_some(scaled)
}

/// 2^k for -1074 <= k <= 1023, built from its bit pattern.
fn pow2(k: i64) -> f64 {
    if k >= -1022 { f64::from_bits(((k + 1023) as u64) << 52) } else { f64::from_bits(1u64 << (k + 1074)) }
}

/// `PyLong_AsDouble`: nearest-even rounding, `None` (OverflowError) when out of range.
pub(crate) fn int_to_f64(i: &BigInt) -> Option<f64> {
    if let Some(v) = i.to_i64()
        && v.unsigned_abs() <= 1 << 53
    {
        return Some(v as f64);
    }
    let mag = ratio_to_f64(i.magnitude(), &BigUint::one())?;
    Some(if i.is_negative() { -mag } else { mag })
}

/// `int / int` (`long_true_divide`).
fn int_true_div(a: &BigInt, b: &BigInt) -> Option<f64> {
    if b.is_zero() {
        return None;
    }
    let negate = a.is_negative() != b.is_negative();
    let mag = if a.is_zero() { 0.0 } else { ratio_to_f64(a.magnitude(), b.magnitude())? };
    Some(if negate { -mag } else { mag })
}

impl Num {
    fn to_f64(&self) -> Option<f64> {
        match self {
            Num::Int(i) => int_to_f64(i),
            Num::Float(f) => Some(*f),
            Num::Complex(..) => None,
        }
    }

    fn to_complex(&self) -> Option<(f64, f64)> {
        match self {
            Num::Complex(re, im) => Some((*re, *im)),
            other => Some((other.to_f64()?, 0.0)),
        }
    }
}

/// Unary `-`.
pub(crate) fn negate(a: &Num) -> Num {
    match a {
        Num::Int(i) => Num::Int(-i),
        Num::Float(f) => Num::Float(-f),
        Num::Complex(re, im) => Num::Complex(-re, -im),
    }
}

/// Unary `~`: integers only.
pub(crate) fn invert(a: &Num) -> Option<Num> {
    match a {
        Num::Int(i) => Some(Num::Int(-(i + 1u32))),
        _ => None,
    }
}

/// A binary operator on two numbers, with CPython's coercion: complex if either side is complex, else float if
/// either side is float, else int. The size guards of `ast_opt.c` (`safe_multiply`, `safe_power`, `safe_lshift`)
/// are applied by the caller, except that `**` and `<<` here refuse exponents and shifts that do not fit.
pub(crate) fn binary(op: Operator, a: &Num, b: &Num) -> Option<Num> {
    match (a, b) {
        (Num::Complex(..), _) | (_, Num::Complex(..)) => complex_binary(op, a.to_complex()?, b.to_complex()?),
        (Num::Float(_), _) | (_, Num::Float(_)) => float_binary(op, a, b),
        (Num::Int(x), Num::Int(y)) => int_binary(op, x, y),
    }
}

fn int_binary(op: Operator, a: &BigInt, b: &BigInt) -> Option<Num> {
    let int = |v: BigInt| Some(Num::Int(v));
    match op {
        Operator::Add => int(a + b),
        Operator::Sub => int(a - b),
        Operator::Mult => int(a * b),
        Operator::Div => Some(Num::Float(int_true_div(a, b)?)),
        Operator::FloorDiv => (!b.is_zero()).then(|| Num::Int(a.div_floor(b))),
        Operator::Mod => (!b.is_zero()).then(|| Num::Int(a.mod_floor(b))),
        Operator::Pow => {
            if b.is_negative() {
                // `long_pow` hands negative exponents to `float_pow` with both operands converted.
                float_pow(int_to_f64(a)?, int_to_f64(b)?, &Num::Int(a.clone()), &Num::Int(b.clone()))
            } else if a.is_zero() || a.is_one() {
                int(if b.is_zero() { BigInt::one() } else { a.clone() })
            } else {
                // The caller's guard bounds the exponent by MAX_INT_BITS for any other base.
                int(a.pow(b.to_u32()?))
            }
        }
        Operator::LShift => {
            if b.is_negative() {
                None
            } else if a.is_zero() {
                int(BigInt::zero())
            } else {
                int(a << b.to_u64().filter(|&s| s <= 1 << 20)?)
            }
        }
        Operator::RShift => {
            if b.is_negative() {
                None
            } else {
                match b.to_u64().filter(|&s| s < a.bits() + 1) {
                    // num-bigint's `>>` on negative values rounds towards negative infinity, as Python's does.
                    Some(s) => int(a >> s),
                    None => int(if a.is_negative() { -BigInt::one() } else { BigInt::zero() }),
                }
            }
        }
        Operator::BitAnd => int(a & b),
        Operator::BitOr => int(a | b),
        Operator::BitXor => int(a ^ b),
        Operator::MatMult => None,
    }
}

fn float_binary(op: Operator, a: &Num, b: &Num) -> Option<Num> {
    let (x, y) = (a.to_f64()?, b.to_f64()?);
    let float = |v: f64| Some(Num::Float(v));
    match op {
        Operator::Add => float(x + y),
        Operator::Sub => float(x - y),
        Operator::Mult => float(x * y),
        Operator::Div => (y != 0.0).then_some(Num::Float(x / y)),
        Operator::FloorDiv => (y != 0.0).then(|| Num::Float(float_div_mod(x, y).0)),
        Operator::Mod => (y != 0.0).then(|| Num::Float(float_rem(x, y))),
        Operator::Pow => float_pow(x, y, a, b),
        _ => None,
    }
}

/// `float_rem`: the remainder takes the divisor's sign. Rust's `%` on f64 is C's `fmod`.
fn float_rem(x: f64, y: f64) -> f64 {
    let m = x % y;
    if m != 0.0 { if (y < 0.0) != (m < 0.0) { m + y } else { m } } else { 0.0f64.copysign(y) }
}

/// `_float_div_mod`: the floor quotient snapped to the nearest integer, and the remainder.
fn float_div_mod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 { f + 1.0 } else { f }
    } else {
        0.0f64.copysign(x / y)
    };
    (floordiv, m)
}

fn is_odd_integer(x: f64) -> bool {
    (x.abs() % 2.0) == 1.0
}

/// `float_pow`, whose special cases come before the platform `pow`. `a` and `b` are the original operands, which
/// a negative base with a fractional exponent hands on to `complex_pow`.
fn float_pow(iv: f64, iw: f64, a: &Num, b: &Num) -> Option<Num> {
    let float = |v: f64| Some(Num::Float(v));
    if iw == 0.0 {
        return float(1.0);
    }
    if iv.is_nan() {
        return float(iv);
    }
    if iw.is_nan() {
        return float(if iv == 1.0 { 1.0 } else { iw });
    }
    if iw.is_infinite() {
        let av = iv.abs();
        return float(if av == 1.0 {
            1.0
        } else if (iw > 0.0) == (av > 1.0) {
            iw.abs()
        } else {
            0.0
        });
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return float(if iw > 0.0 {
            if odd { iv } else { iv.abs() }
        } else if odd {
            0.0f64.copysign(iv)
        } else {
            0.0
        });
    }
    if iv == 0.0 {
        if iw < 0.0 {
            return None;
        }
        return float(if is_odd_integer(iw) { iv } else { 0.0 });
    }
    let mut base = iv;
    let mut negate_result = false;
    if iv < 0.0 {
        if iw != iw.floor() {
            return complex_binary(Operator::Pow, a.to_complex()?, b.to_complex()?);
        }
        base = -iv;
        negate_result = is_odd_integer(iw);
    }
    if base == 1.0 {
        return float(if negate_result { -1.0 } else { 1.0 });
    }
    let r = base.powf(iw);
    if r.is_infinite() {
        return None;
    }
    float(if negate_result { -r } else { r })
}

type C = (f64, f64);

fn c_prod(a: C, b: C) -> C {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// `_Py_c_quot` (Smith's algorithm); `None` for division by zero.
fn c_quot(a: C, b: C) -> Option<C> {
    let (abs_br, abs_bi) = (b.0.abs(), b.1.abs());
    if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_bi >= abs_br {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        Some((f64::NAN, f64::NAN))
    }
}

/// `c_powu`: binary exponentiation by a positive integer.
fn c_powu(x: C, n: i64) -> C {
    let mut r = (1.0, 0.0);
    let mut p = x;
    let mut mask: i64 = 1;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = c_prod(r, p);
        }
        mask <<= 1;
        p = c_prod(p, p);
    }
    r
}

/// `_Py_c_pow`; `None` where CPython sets EDOM.
fn c_pow(a: C, b: C) -> Option<C> {
    if b.0 == 0.0 && b.1 == 0.0 {
        return Some((1.0, 0.0));
    }
    if a.0 == 0.0 && a.1 == 0.0 {
        if b.1 != 0.0 || b.0 < 0.0 {
            return None;
        }
        return Some((0.0, 0.0));
    }
    let vabs = a.0.hypot(a.1);
    let mut len = vabs.powf(b.0);
    let at = a.1.atan2(a.0);
    let mut phase = at * b.0;
    if b.1 != 0.0 {
        len /= (at * b.1).exp();
        phase += b.1 * vabs.ln();
    }
    if phase.is_infinite() {
        // libm's cos and sin set errno to EDOM on an infinite argument, and `complex_pow` raises on EDOM.
        return None;
    }
    Some((len * phase.cos(), len * phase.sin()))
}

fn complex_binary(op: Operator, a: C, b: C) -> Option<Num> {
    let r = match op {
        Operator::Add => (a.0 + b.0, a.1 + b.1),
        Operator::Sub => (a.0 - b.0, a.1 - b.1),
        Operator::Mult => c_prod(a, b),
        Operator::Div => c_quot(a, b)?,
        Operator::Pow => {
            // `complex_pow` takes the exact integer-power path for small integral exponents.
            let p = if b.1 == 0.0 && b.0 == b.0.floor() && b.0.abs() <= 100.0 {
                let n = b.0 as i64;
                if n > 0 { c_powu(a, n) } else { c_quot((1.0, 0.0), c_powu(a, -n))? }
            } else {
                c_pow(a, b)?
            };
            if p.0.is_infinite() || p.1.is_infinite() {
                return None;
            }
            p
        }
        _ => return None,
    };
    Some(Num::Complex(r.0, r.1))
}

/// Builds a `BigInt` from a sign and little-endian base-2^32 digits.
pub(crate) fn big_from_digits(negative: bool, digits: &[u32]) -> BigInt {
    BigInt::from_slice(if negative { Sign::Minus } else { Sign::Plus }, digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_to_float_rounds_to_nearest_even() {
        let two = BigInt::from(2);
        // 2^53 + 1 is a tie between 2^53 and 2^53 + 2: even wins.
        assert_eq!(int_to_f64(&(two.pow(53) + 1)), Some(9007199254740992.0));
        assert_eq!(int_to_f64(&(two.pow(53) + 3)), Some(9007199254740996.0));
        assert_eq!(int_to_f64(&two.pow(1023)), Some(2f64.powi(1023)));
        assert_eq!(int_to_f64(&two.pow(1024)), None);
        assert_eq!(int_true_div(&BigInt::from(1), &two.pow(1074)), Some(5e-324));
        assert_eq!(int_true_div(&BigInt::from(1), &two.pow(1076)), Some(0.0));
        assert_eq!(int_true_div(&BigInt::from(0), &BigInt::from(-5)), Some(-0.0));
    }
}
