//! Python's hash functions, as CPython 3.11 computes them with `PYTHONHASHSEED=0`.
//!
//! Strings hash with SipHash-1-3 keyed with zeros over their canonical representation (Latin-1, UCS-2 or UCS-4
//! bytes), ints modulo the Mersenne prime 2**61 - 1, floats by the same modular rule (so `hash(1) == hash(1.0)`),
//! tuples with CPython's xxHash-derived combiner. A result of -1 becomes -2.

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

const MODULUS_BITS: u32 = 61;
pub const MODULUS: u64 = (1 << MODULUS_BITS) - 1;
pub const HASH_INF: i64 = 314159;

fn rotl(x: u64, b: u32) -> u64 {
    x.rotate_left(b)
}

/// SipHash-1-3 with key (k0, k1), CPython's `siphash13`.
pub fn siphash13(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v0 = k0 ^ 0x736f6d6570736575;
    let mut v1 = k1 ^ 0x646f72616e646f6d;
    let mut v2 = k0 ^ 0x6c7967656e657261;
    let mut v3 = k1 ^ 0x7465646279746573;
    macro_rules! round {
        () => {
            v0 = v0.wrapping_add(v1);
            v1 = rotl(v1, 13);
            v1 ^= v0;
            v0 = rotl(v0, 32);
            v2 = v2.wrapping_add(v3);
            v3 = rotl(v3, 16);
            v3 ^= v2;
            v0 = v0.wrapping_add(v3);
            v3 = rotl(v3, 21);
            v3 ^= v0;
            v2 = v2.wrapping_add(v1);
            v1 = rotl(v1, 17);
            v1 ^= v2;
            v2 = rotl(v2, 32);
        };
    }
    let n = data.len();
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let m = u64::from_le_bytes(w);
        v3 ^= m;
        round!();
        v0 ^= m;
    }
    let mut b: u64 = ((n as u64) & 0xff) << 56;
    for (i, &ch) in chunks.remainder().iter().enumerate() {
        b |= (ch as u64) << (8 * i);
    }
    v3 ^= b;
    round!();
    v0 ^= b;
    v2 ^= 0xff;
    round!();
    round!();
    round!();
    v0 ^ v1 ^ v2 ^ v3
}

fn fix(h: i64) -> i64 {
    if h == -1 { -2 } else { h }
}

pub fn hash_bytes(b: &[u8]) -> i64 {
    if b.is_empty() {
        return 0;
    }
    fix(siphash13(0, 0, b) as i64)
}

pub fn hash_str(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    if s.is_ascii() {
        return hash_bytes(s.as_bytes());
    }
    let max = s.chars().map(|c| c as u32).max().unwrap_or(0);
    let mut buf = Vec::with_capacity(s.len() * 2);
    if max < 256 {
        buf.extend(s.chars().map(|c| c as u32 as u8));
    } else if max < 65536 {
        for c in s.chars() {
            buf.extend_from_slice(&(c as u32 as u16).to_le_bytes());
        }
    } else {
        for c in s.chars() {
            buf.extend_from_slice(&(c as u32).to_le_bytes());
        }
    }
    fix(siphash13(0, 0, &buf) as i64)
}

pub fn hash_int(i: i64) -> i64 {
    if i >= 0 {
        (i as u64 % MODULUS) as i64
    } else {
        let h = -(((i as i128).unsigned_abs() % MODULUS as u128) as i64);
        fix(h)
    }
}

pub fn hash_bigint(b: &BigInt) -> i64 {
    if let Some(i) = b.to_i64() {
        return hash_int(i);
    }
    let m = BigInt::from(MODULUS);
    let (sign, mag) = (b.sign(), b.magnitude());
    let r = (BigInt::from(mag.clone()) % &m).to_i64().unwrap_or(0);
    fix(if sign == Sign::Minus { -r } else { r })
}

/// CPython's `_Py_HashDouble` (the NaN case hashes to 0 here; CPython uses the object's address).
pub fn hash_float(v: f64) -> i64 {
    if v.is_infinite() {
        return if v > 0.0 { HASH_INF } else { -HASH_INF };
    }
    if v.is_nan() {
        return 0;
    }
    if v == v.trunc() && v.abs() < 9.2e18 {
        return hash_int(v as i64);
    }
    let (mut m, mut e) = frexp(v);
    let mut sign = 1i64;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (MODULUS_BITS - 28));
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 { e % MODULUS_BITS as i32 } else { MODULUS_BITS as i32 - 1 - ((-1 - e) % MODULUS_BITS as i32) };
    x = ((x << e) & MODULUS) | (x >> (MODULUS_BITS as i32 - e));
    fix(x as i64 * sign)
}

fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 || !v.is_finite() {
        return (v, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(v * 2f64.powi(64));
        return (m, e - 64);
    }
    let e = exp - 1022;
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, e)
}

/// CPython 3.11's tuple hash (xxHash-style lanes).
pub fn hash_tuple(items: impl ExactSizeIterator<Item = i64>) -> i64 {
    const P1: u64 = 11400714785074694791;
    const P2: u64 = 14029467366897019727;
    const P5: u64 = 2870177450012600261;
    let len = items.len() as u64;
    let mut acc = P5;
    for h in items {
        acc = acc.wrapping_add((h as u64).wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add(len ^ (P5 ^ 3527539));
    if acc == u64::MAX {
        return 1546275796;
    }
    acc as i64
}
