//! CPython 3.11's `hash()` of constants and its set table, to reproduce the iteration order of frozensets.
//!
//! str and bytes hash with SipHash-1-3 keyed by the hash secret; with `PYTHONHASHSEED=0` (how golden files are
//! blessed) the secret is all zeros. `None` and `...` hash by address in 3.11, so a frozenset holding them has no
//! reproducible order; they are given a fixed hash here.

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;
use pyfront::wtf8::Wtf8;

use crate::code::Constant;
use crate::pyc::siphash13;

/// `_PyHASH_MODULUS`: 2**61 - 1.
const MODULUS: u64 = (1 << 61) - 1;
const INF: i64 = 314_159;

fn fix(h: i64) -> i64 {
    if h == -1 { -2 } else { h }
}

/// `hash(i)` for an int.
pub fn int_hash(i: &BigInt) -> i64 {
    if let Some(v) = i.to_i64()
        && v.unsigned_abs() < MODULUS
    {
        return fix(v);
    }
    let (sign, digits) = i.to_u64_digits();
    // Reduce the magnitude mod 2**61 - 1, most significant word first: 2**64 = 2**3 (mod 2**61 - 1).
    let mut acc: u128 = 0;
    for &d in digits.iter().rev() {
        acc = ((acc << 64) | u128::from(d)) % u128::from(MODULUS);
    }
    let h = acc as i64;
    fix(if sign == Sign::Minus { -h } else { h })
}

/// `_Py_HashDouble` for a finite or infinite float (NaN hashes by address in 3.11: given 0 here).
pub fn float_hash(x: f64) -> i64 {
    if x.is_nan() {
        return 0;
    }
    if x.is_infinite() {
        return if x > 0.0 { INF } else { -INF };
    }
    let (mut m, mut e) = frexp(x.abs());
    let mut h: u64 = 0;
    while m != 0.0 {
        h = ((h << 28) & MODULUS) | (h >> (61 - 28));
        m *= 268_435_456.0; // 2**28
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        h += y;
        if h >= MODULUS {
            h -= MODULUS;
        }
    }
    let e = if e >= 0 { e % 61 } else { 61 - 1 - ((-1 - e) % 61) };
    h = ((h << e) & MODULUS) | (h >> (61 - e));
    let h = h as i64;
    fix(if x < 0.0 { -h } else { h })
}

/// `frexp`: `x == m * 2**e` with `0.5 <= m < 1` (for x > 0).
fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 {
        return (0.0, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7FF) as i32;
    if exp == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(x * 2f64.powi(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7FF << 52)) | (1022 << 52));
    (m, exp - 1022)
}

/// `_Py_HashBytes` under `PYTHONHASHSEED=0`.
fn bytes_hash_raw(data: &[u8]) -> i64 {
    if data.is_empty() {
        return 0;
    }
    fix(siphash13(0, 0, data) as i64)
}

/// `hash(b)` for bytes.
pub fn bytes_hash(b: &[u8]) -> i64 {
    bytes_hash_raw(b)
}

/// `hash(s)` for a str: the hash of its canonical representation (1, 2 or 4 bytes per character, by the widest).
pub fn str_hash(s: &str) -> i64 {
    wtf8_hash(Wtf8::new(s))
}

/// `hash(s)` for a str that may hold lone surrogates (each is one UCS-2 unit, as CPython stores it).
pub fn wtf8_hash(s: &Wtf8) -> i64 {
    // ASCII text is its own Latin-1 representation: no buffer needed (the VM hashes every new str).
    if s.is_ascii() {
        return bytes_hash_raw(s.as_bytes());
    }
    let max = s.max_code_point();
    let mut buf = Vec::with_capacity(s.len() * 4);
    for c in s.code_points() {
        if max < 0x100 {
            buf.push(c as u8);
        } else if max < 0x10000 {
            buf.extend_from_slice(&(c as u16).to_le_bytes());
        } else {
            buf.extend_from_slice(&c.to_le_bytes());
        }
    }
    bytes_hash_raw(&buf)
}

/// `hash(t)` for a tuple (the xxHash-based `tuplehash`).
pub fn tuple_hash(items: &[Constant]) -> i64 {
    tuple_hash_of(items.iter().map(const_hash))
}

/// `tuplehash` over the items' hashes (the xxHash-based combiner), for any tuple whose item hashes are known.
pub fn tuple_hash_of(item_hashes: impl ExactSizeIterator<Item = i64>) -> i64 {
    const P1: u64 = 11_400_714_785_074_694_791;
    const P2: u64 = 14_029_467_366_897_019_727;
    const P5: u64 = 2_870_177_450_012_600_261;
    let len = item_hashes.len() as u64;
    let mut acc = P5;
    for lane in item_hashes {
        acc = acc.wrapping_add((lane as u64).wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add(len ^ (P5 ^ 3_527_539));
    if acc == u64::MAX { 1_546_275_796 } else { acc as i64 }
}

/// `hash(c)` for a hashable constant.
pub fn const_hash(c: &Constant) -> i64 {
    match c {
        Constant::False => 0,
        Constant::True => 1,
        // Address-based in CPython 3.11: no reproducible value exists.
        Constant::None | Constant::Ellipsis | Constant::Code(_) => 0,
        Constant::Int(i) => int_hash(i),
        Constant::Float(f) => float_hash(*f),
        Constant::Complex { re, im } => {
            let h = (float_hash(*re) as u64).wrapping_add((float_hash(*im) as u64).wrapping_mul(1_000_003));
            fix(h as i64)
        }
        Constant::Str(s) => wtf8_hash(s),
        Constant::Bytes(b) => bytes_hash(b),
        Constant::Tuple(items) => tuple_hash(items),
        Constant::FrozenSet(items) => frozenset_hash(items),
    }
}

/// Python `==` between hashable constants, as a set uses it to keep only the first of equal items: `True == 1 ==
/// 1.0 == (1+0j)`, and tuples compare item by item. Equal constants always have equal [`const_hash`]es.
pub fn const_eq(a: &Constant, b: &Constant) -> bool {
    /// A numeric constant widened to the type `==` compares it in.
    enum Num<'c> {
        Int(std::borrow::Cow<'c, BigInt>),
        Float(f64),
        Complex(f64, f64),
    }
    fn num(c: &Constant) -> Option<Num<'_>> {
        Some(match c {
            Constant::False => Num::Int(std::borrow::Cow::Owned(BigInt::from(0))),
            Constant::True => Num::Int(std::borrow::Cow::Owned(BigInt::from(1))),
            Constant::Int(i) => Num::Int(std::borrow::Cow::Borrowed(i)),
            Constant::Float(f) => Num::Float(*f),
            Constant::Complex { re, im } => Num::Complex(*re, *im),
            _ => return None,
        })
    }
    // An int equals a float only when the float is exactly that integer (no rounding of big ints).
    fn int_eq_float(i: &BigInt, f: f64) -> bool {
        f.is_finite() && f.fract() == 0.0 && <BigInt as num_traits::FromPrimitive>::from_f64(f).as_ref() == Some(i)
    }
    fn num_eq(a: &Num, b: &Num) -> bool {
        match (a, b) {
            (Num::Int(x), Num::Int(y)) => x == y,
            (Num::Int(i), Num::Float(f)) | (Num::Float(f), Num::Int(i)) => int_eq_float(i, *f),
            (Num::Float(x), Num::Float(y)) => x == y,
            (Num::Complex(re, im), Num::Complex(re2, im2)) => re == re2 && im == im2,
            (Num::Complex(re, im), real) | (real, Num::Complex(re, im)) => *im == 0.0 && num_eq(real, &Num::Float(*re)),
        }
    }
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        return num_eq(&x, &y);
    }
    match (a, b) {
        (Constant::None, Constant::None) | (Constant::Ellipsis, Constant::Ellipsis) => true,
        (Constant::Str(x), Constant::Str(y)) => x == y,
        (Constant::Bytes(x), Constant::Bytes(y)) => x == y,
        (Constant::Tuple(x), Constant::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| const_eq(p, q))
        }
        (Constant::FrozenSet(x), Constant::FrozenSet(y)) => {
            x.len() == y.len() && x.iter().all(|p| y.iter().any(|q| const_eq(p, q)))
        }
        _ => false,
    }
}

/// `frozenset_hash`: the xor of the shuffled item hashes (the empty slots' contributions cancel out).
fn frozenset_hash(items: &[Constant]) -> i64 {
    fn shuffle(h: u64) -> u64 {
        ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167)
    }
    let mut hash: u64 = 0;
    for item in items {
        hash ^= shuffle(const_hash(item) as u64);
    }
    hash ^= (items.len() as u64 + 1).wrapping_mul(1_927_868_237);
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69_069).wrapping_add(907_133_923);
    if hash == u64::MAX { 590_923_713 } else { hash as i64 }
}

/// A set table as `Objects/setobject.c` fills it (`set_add_entry`, `set_table_resize`, `set_insert_clean`).
struct Table {
    /// (item index, hash) per slot.
    slots: Vec<Option<(usize, i64)>>,
    fill: usize,
}

const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

impl Table {
    fn new() -> Table {
        Table { slots: vec![None; 8], fill: 0 }
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// `set_add_entry` for an item known to be distinct from those present (equal items never reach here).
    fn add(&mut self, item: usize, hash: i64) {
        insert_clean(&mut self.slots, item, hash);
        self.fill += 1;
        let mask = self.mask();
        if self.fill * 5 >= mask * 3 {
            let used = self.fill;
            self.resize(if used > 50_000 { used * 2 } else { used * 4 });
        }
    }

    fn resize(&mut self, minused: usize) {
        let mut size = 8;
        while size <= minused {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.slots, vec![None; size]);
        for (item, hash) in old.into_iter().flatten() {
            insert_clean(&mut self.slots, item, hash);
        }
    }
}

/// `set_insert_clean`: linear probes of up to 9 slots, then the perturbed jump. Finding the first free slot is
/// also what `set_add_entry` does when the set has no dummies and no equal item.
fn insert_clean(slots: &mut [Option<(usize, i64)>], item: usize, hash: i64) {
    let mask = slots.len() - 1;
    let mut perturb = hash as u64;
    let mut i = (hash as u64 as usize) & mask;
    loop {
        if slots[i].is_none() {
            slots[i] = Some((item, hash));
            return;
        }
        if i + LINEAR_PROBES <= mask {
            for j in 1..=LINEAR_PROBES {
                if slots[i + j].is_none() {
                    slots[i + j] = Some((item, hash));
                    return;
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
    }
}

/// Iteration order of a frozenset built by inserting `items` in order: indexes into `items`.
fn build(items: &[Constant], order: &[usize]) -> Vec<usize> {
    let mut t = Table::new();
    for &i in order {
        t.add(i, const_hash(&items[i]));
    }
    t.slots.iter().flatten().map(|&(i, _)| i).collect()
}

/// The order in which CPython iterates a frozenset constant whose items were inserted in the order given (source
/// order): the AST optimizer builds it from the items, then the compiler's constant merging rebuilds it in
/// iteration order, as does string interning when it replaces an item. (A set holding None has no fixed order in
/// CPython: None hashes by its address, which differs from run to run; here it hashes as 0.)
pub fn frozenset_order(items: &[Constant]) -> Vec<usize> {
    let first: Vec<usize> = (0..items.len()).collect();
    let merged = build(items, &build(items, &first));
    // Interning (`intern_string_constants`) rebuilds the set only when it replaced an item by an equal interned
    // str: only a str of name characters is interned, and one latin-1 character is a singleton already.
    let replaceable = |c: &Constant| match c {
        Constant::Str(s) => {
            crate::marshal::identity::all_name_chars(s) && !(s.len_code_points() == 1 && s.max_code_point() < 256)
        }
        _ => false,
    };
    if items.iter().any(replaceable) { build(items, &merged) } else { merged }
}

#[cfg(test)]
mod eq_tests {
    use super::*;

    /// Equalities CPython's `==` gives, and that `{a, b}` therefore collapses.
    #[test]
    fn const_eq_follows_python() {
        let int = |i: i64| Constant::Int(BigInt::from(i));
        let tuple = |items: Vec<Constant>| Constant::Tuple(items.into());
        let equal = [
            (Constant::True, int(1)),
            (Constant::False, Constant::Float(-0.0)),
            (int(1), Constant::Float(1.0)),
            (Constant::Complex { re: 2.0, im: 0.0 }, int(2)),
            (tuple(vec![int(1), Constant::str("a")]), tuple(vec![Constant::True, Constant::str("a")])),
            (Constant::Int(BigInt::from(1u64 << 60) * 16), Constant::Float(2f64.powi(64))),
        ];
        for (a, b) in &equal {
            assert!(const_eq(a, b) && const_eq(b, a), "{a:?} == {b:?}");
            assert_eq!(const_hash(a), const_hash(b), "{a:?} and {b:?} hash alike");
        }
        let unequal = [
            (int(1), Constant::str("1")),
            (Constant::Float(f64::NAN), Constant::Float(f64::NAN)),
            (Constant::Int(BigInt::from(1u64 << 53) + 1), Constant::Float(2f64.powi(53))),
            (Constant::Complex { re: 1.0, im: 1.0 }, int(1)),
            (Constant::Bytes(b"a"[..].into()), Constant::str("a")),
        ];
        for (a, b) in &unequal {
            assert!(!const_eq(a, b) && !const_eq(b, a), "{a:?} != {b:?}");
        }
    }
}
