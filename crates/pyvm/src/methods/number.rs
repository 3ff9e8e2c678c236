//! Methods of `int` (and `bool`) and `float` that are not operators (those are in `dunder.rs`).

use std::rc::Rc;

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive, Zero};

use super::{Sig, args, bind, index_arg, method_table, receiver_error};
use crate::builtins::Kw;
use crate::exception::{Exc, PyResult, err, type_error, value_error};
use crate::ops::{self, type_name};
use crate::value::Value;
use crate::vm::Vm;

method_table! {
    pub(super) fn int_lookup, "int" {
        "as_integer_ratio" => int_as_integer_ratio,
        "bit_count" => bit_count,
        "bit_length" => bit_length,
        "conjugate" => int_conjugate,
        "from_bytes" => from_bytes,
        "to_bytes" => to_bytes,
    }
}

method_table! {
    pub(super) fn float_lookup, "float" {
        "as_integer_ratio" => float_as_integer_ratio,
        "conjugate" => float_conjugate,
        "fromhex" => fromhex,
        "hex" => hex,
        "is_integer" => is_integer,
    }
}

/// The int receiver as a BigInt (bools are ints).
fn this_int(a: &[Value], name: &str) -> PyResult<BigInt> {
    match a.first().and_then(|v| if matches!(v, Value::Float(_)) { None } else { ops::num(v) }) {
        Some(n) => Ok(ops::to_big(&n)),
        None => receiver_error("int", name, a),
    }
}

fn this_float(a: &[Value], name: &str) -> PyResult<f64> {
    match a.first() {
        Some(Value::Float(f)) => Ok(*f),
        _ => receiver_error("float", name, a),
    }
}

fn bit_length(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("int", "bit_length"), args(a), kw)?;
    Ok(Value::Int(this_int(a, "bit_length")?.bits() as i64))
}

fn bit_count(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("int", "bit_count"), args(a), kw)?;
    Ok(Value::Int(this_int(a, "bit_count")?.magnitude().count_ones() as i64))
}

fn int_conjugate(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("int", "conjugate"), args(a), kw)?;
    Ok(Value::from_bigint(this_int(a, "conjugate")?))
}

fn int_as_integer_ratio(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("int", "as_integer_ratio"), args(a), kw)?;
    Ok(Value::tuple(vec![Value::from_bigint(this_int(a, "as_integer_ratio")?), Value::Int(1)]))
}

/// The `byteorder` argument: true for little-endian.
fn byteorder(name: &str, v: Option<&Value>) -> PyResult<bool> {
    match v {
        None => Ok(false),
        Some(Value::Str(s)) => match &*s.s {
            "little" => Ok(true),
            "big" => Ok(false),
            _ => value_error("byteorder must be either 'little' or 'big'"),
        },
        Some(v) => type_error(format!("{name}() argument 'byteorder' must be str, not {}", type_name(v))),
    }
}

fn to_bytes(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [length, order, signed, _] =
        bind(&Sig::kwonly("int", "to_bytes", &["length", "byteorder", "signed"], 0, 2), args(a), kw)?;
    let n = this_int(a, "to_bytes")?;
    let length = match length {
        Some(v) => index_arg(v)?,
        None => 1,
    };
    if length < 0 {
        return value_error("length argument must be non-negative");
    }
    let little = byteorder("to_bytes", order)?;
    let signed = signed.is_some_and(ops::truthy);
    if !signed && n.is_negative() {
        return Err(err(Exc::OverflowError, "can't convert negative int to unsigned"));
    }
    let mut bytes = if signed { n.to_signed_bytes_le() } else { n.to_bytes_le().1 };
    if n.is_zero() {
        bytes.clear();
    }
    let length = length as usize;
    if bytes.len() > length {
        return Err(err(Exc::OverflowError, "int too big to convert"));
    }
    let fill = if signed && n.is_negative() { 0xff } else { 0 };
    bytes.resize(length, fill);
    if !little {
        bytes.reverse();
    }
    Ok(Value::Bytes(Rc::new(bytes)))
}

fn from_bytes(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [src, order, signed, _] =
        bind(&Sig::kwonly("int", "from_bytes", &["bytes", "byteorder", "signed"], 1, 2), args(a), kw)?;
    let src = src.unwrap_or(&Value::None);
    let data: Vec<u8> = match src {
        Value::Bytes(b) => b.to_vec(),
        Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::None => {
            return type_error(format!("cannot convert '{}' object to bytes", type_name(src)));
        }
        _ => {
            let items = vm.collect(src)?;
            let mut out = Vec::with_capacity(items.len());
            for v in &items {
                match ops::as_index(v) {
                    Some(b @ 0..=255) => out.push(b as u8),
                    Some(_) => return value_error("bytes must be in range(0, 256)"),
                    None => {
                        return type_error(format!("'{}' object cannot be interpreted as an integer", type_name(v)));
                    }
                }
            }
            out
        }
    };
    let little = byteorder("from_bytes", order)?;
    let signed = signed.is_some_and(ops::truthy);
    let n = match (little, signed) {
        (true, true) => BigInt::from_signed_bytes_le(&data),
        (true, false) => BigInt::from_bytes_le(Sign::Plus, &data),
        (false, true) => BigInt::from_signed_bytes_be(&data),
        (false, false) => BigInt::from_bytes_be(Sign::Plus, &data),
    };
    // Called through `bool`, the class converts the result as `cls(n)` would.
    if let Some(Value::Type(t)) = a.first()
        && t.kind == crate::value::TypeKind::Bool
    {
        return Ok(Value::Bool(!n.is_zero()));
    }
    Ok(Value::from_bigint(n))
}

fn float_conjugate(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("float", "conjugate"), args(a), kw)?;
    Ok(Value::Float(this_float(a, "conjugate")?))
}

fn is_integer(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("float", "is_integer"), args(a), kw)?;
    let f = this_float(a, "is_integer")?;
    Ok(Value::Bool(f.is_finite() && f == f.trunc()))
}

fn float_as_integer_ratio(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("float", "as_integer_ratio"), args(a), kw)?;
    let f = this_float(a, "as_integer_ratio")?;
    if f.is_nan() {
        return value_error("cannot convert NaN to integer ratio");
    }
    if f.is_infinite() {
        return Err(err(Exc::OverflowError, "cannot convert Infinity to integer ratio"));
    }
    let (num, den) = exact_ratio(f);
    Ok(Value::tuple(vec![Value::from_bigint(num), Value::from_bigint(den)]))
}

/// A finite float as numerator / denominator in lowest terms (the denominator a power of two).
fn exact_ratio(f: f64) -> (BigInt, BigInt) {
    if f == 0.0 {
        return (BigInt::zero(), BigInt::from(1));
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    let (mut mant, mut e) = if exp == 0 { (frac, -1074) } else { (frac | (1 << 52), exp - 1075) };
    while mant & 1 == 0 && e < 0 {
        mant >>= 1;
        e += 1;
    }
    let mut num = BigInt::from(mant);
    let mut den = BigInt::from(1);
    if e >= 0 {
        num <<= e as usize;
    } else {
        den <<= (-e) as usize;
    }
    if f < 0.0 {
        num = -num;
    }
    (num, den)
}

/// `float.hex()`: `[-]0x1.<13 hex digits>p<exp>` for normal numbers, `0x0.<...>p-1022` for subnormal ones.
fn hex(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("float", "hex"), args(a), kw)?;
    let f = this_float(a, "hex")?;
    Ok(Value::string(float_hex(f)))
}

fn float_hex(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    let (lead, e) = if exp == 0 { (0, -1022) } else { (1, exp - 1023) };
    let e_sign = if e < 0 { '-' } else { '+' };
    format!("{sign}0x{lead}.{frac:013x}p{e_sign}{}", e.abs())
}

/// `float.fromhex(s)`: `[sign] ['0x'] digits ['.' digits] ['p' exponent]`, or inf/nan, rounded half-even.
fn fromhex(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [s, ..] = bind(&Sig::one("float", "fromhex"), args(a), kw)?;
    let s = match s {
        Some(Value::Str(s)) => s,
        Some(v) => return type_error(format!("bad argument type for built-in operation: {}", type_name(v))),
        None => return type_error("float.fromhex() takes exactly one argument (0 given)"),
    };
    parse_hex_float(&s.s).map(Value::Float)
}

fn parse_hex_float(src: &str) -> PyResult<f64> {
    let invalid = || value_error("invalid hexadecimal floating-point string");
    let s = src.trim_matches(|c: char| c.is_ascii_whitespace());
    let (neg, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = s.to_ascii_lowercase();
    if matches!(&*lower, "inf" | "infinity") {
        return Ok(if neg { f64::NEG_INFINITY } else { f64::INFINITY });
    }
    if lower == "nan" {
        return Ok(f64::NAN);
    }
    let body = lower.strip_prefix("0x").unwrap_or(&lower);
    let (mant_part, exp_part) = match body.find('p') {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int_digits, frac_digits) = match mant_part.find('.') {
        Some(i) => (&mant_part[..i], &mant_part[i + 1..]),
        None => (mant_part, ""),
    };
    if int_digits.is_empty() && frac_digits.is_empty() {
        return invalid();
    }
    let mut mant = BigInt::zero();
    for c in int_digits.chars().chain(frac_digits.chars()) {
        let Some(d) = c.to_digit(16) else { return invalid() };
        mant = mant * 16 + d;
    }
    let mut exp: i64 = match exp_part {
        None => 0,
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return invalid();
            }
            e.parse::<i64>().unwrap_or(if e.starts_with('-') { i64::MIN / 2 } else { i64::MAX / 2 })
        }
    };
    exp = exp.saturating_sub(4 * frac_digits.len() as i64);
    let value = scale_to_f64(&mant, exp);
    match value {
        Some(v) => Ok(if neg { -v } else { v }),
        None => Err(err(Exc::OverflowError, "hexadecimal value too large to represent as a float")),
    }
}

/// `mant * 2**exp` correctly rounded (half-even) to a float; None on overflow.
fn scale_to_f64(mant: &BigInt, exp: i64) -> Option<f64> {
    if mant.is_zero() {
        return Some(0.0);
    }
    let bits = mant.bits() as i64;
    // The value's binary exponent is bits + exp; keep 53 significant bits (fewer for subnormals).
    let top = bits + exp;
    if top > 1024 {
        return None;
    }
    let keep = if top < -1021 { (53 - (-1021 - top)).max(0) } else { 53 };
    let shift = bits - keep;
    let mut m = if shift > 0 { mant >> (shift as usize) } else { mant << ((-shift) as usize) };
    if shift > 0 {
        let half = BigInt::from(1) << ((shift - 1) as usize);
        let rem = mant - (&m << (shift as usize));
        if rem > half || (rem == half && (&m & BigInt::from(1)) == BigInt::from(1)) {
            m += 1;
        }
    }
    let e = exp + shift;
    let m = m.to_f64()?;
    let v = m
        * 2f64.powi(e.clamp(-1100, 1100) as i32 / 2)
        * 2f64.powi((e.clamp(-1100, 1100) - e.clamp(-1100, 1100) / 2) as i32);
    if v.is_infinite() { None } else { Some(v) }
}
