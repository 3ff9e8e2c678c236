//! Python's hash functions, as CPython 3.11 computes them with `PYTHONHASHSEED=0`: the VM's names for
//! `pyir::repr::hash`, the workspace's one implementation (SipHash-1-3 over a str's canonical representation, ints
//! and floats modulo 2**61 - 1 so `hash(1) == hash(1.0)`, tuples with CPython's xxHash-derived combiner), plus the
//! VM's fast path for machine ints.

use num_bigint::BigInt;

pub use pyir::repr::hash::{bytes_hash as hash_bytes, float_hash as hash_float, str_hash as hash_str};

const MODULUS: u64 = (1 << 61) - 1;

/// `hash(i)` for an int held inline, without going through a big integer.
pub fn hash_int(i: i64) -> i64 {
    let h = if i >= 0 { (i as u64 % MODULUS) as i64 } else { -((i.unsigned_abs() % MODULUS) as i64) };
    if h == -1 { -2 } else { h }
}

pub fn hash_bigint(b: &BigInt) -> i64 {
    pyir::repr::hash::int_hash(b)
}

/// CPython 3.11's tuple hash over the items' hashes.
pub fn hash_tuple(items: impl ExactSizeIterator<Item = i64>) -> i64 {
    pyir::repr::hash::tuple_hash_of(items)
}
