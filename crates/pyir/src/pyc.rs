//! `.pyc` files: a 16-byte header (magic 3495, flags, then mtime and source size or a SipHash-1-3 source hash) and
//! the marshalled module code object, as `importlib._bootstrap_external` writes and checks them.

use std::rc::Rc;

use crate::code::CodeObject;
use crate::marshal::{self, MarshalError, MarshalErrorKind};

/// CPython 3.11's magic number, 3495, followed by `\r\n` (`importlib.util.MAGIC_NUMBER`).
pub const MAGIC: [u8; 4] = [0xa7, 0x0d, 0x0d, 0x0a];

/// How the loader decides whether a `.pyc` is stale (PEP 552).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalidation {
    /// Flags 0: the source's `int(st_mtime) & 0xFFFFFFFF` and `st_size & 0xFFFFFFFF`.
    Timestamp { mtime: u32, size: u32 },
    /// Flags 0b01 (unchecked) or 0b11 (checked): `importlib.util.source_hash(source)`.
    Hash { checked: bool, hash: [u8; 8] },
}

impl Invalidation {
    /// A hash-based header for `source` (what `py_compile` writes with `--invalidation-mode checked-hash`).
    pub fn hash_of(source: &[u8], checked: bool) -> Invalidation {
        Invalidation::Hash { checked, hash: source_hash(source) }
    }
}

/// The 16-byte header.
pub fn header(inv: Invalidation) -> [u8; 16] {
    let mut h = [0u8; 16];
    h[..4].copy_from_slice(&MAGIC);
    match inv {
        Invalidation::Timestamp { mtime, size } => {
            h[8..12].copy_from_slice(&mtime.to_le_bytes());
            h[12..16].copy_from_slice(&size.to_le_bytes());
        }
        Invalidation::Hash { checked, hash } => {
            h[4] = if checked { 0b11 } else { 0b01 };
            h[8..16].copy_from_slice(&hash);
        }
    }
    h
}

/// A complete `.pyc`: header then `marshal.dumps(code)`.
pub fn write(code: &CodeObject, inv: Invalidation) -> Result<Vec<u8>, MarshalError> {
    let mut out = header(inv).to_vec();
    out.extend(marshal::dumps(code)?);
    Ok(out)
}

/// Reads a `.pyc`, checking the header as `_classify_pyc` does (`name` is used in its messages), and returns the
/// header's invalidation data with the module's code object. Source staleness is for the caller to judge.
pub fn read(data: &[u8], name: &str) -> Result<(Invalidation, Rc<CodeObject>), MarshalError> {
    let magic = data.get(..4).unwrap_or(data);
    if magic != MAGIC {
        return Err(MarshalError::new(
            MarshalErrorKind::ImportError,
            format!("bad magic number in {}: {}", crate::repr::str_repr(name), crate::repr::bytes_repr(magic)),
        ));
    }
    if data.len() < 16 {
        return Err(MarshalError::new(
            MarshalErrorKind::EOFError,
            format!("reached EOF while reading pyc header of {}", crate::repr::str_repr(name)),
        ));
    }
    let word = |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
    let flags = word(4);
    if flags & !0b11 != 0 {
        return Err(MarshalError::new(
            MarshalErrorKind::ImportError,
            format!("invalid flags {flags} in {}", crate::repr::str_repr(name)),
        ));
    }
    let inv = if flags & 0b01 != 0 {
        let mut hash = [0u8; 8];
        hash.copy_from_slice(&data[8..16]);
        Invalidation::Hash { checked: flags & 0b10 != 0, hash }
    } else {
        Invalidation::Timestamp { mtime: word(8), size: word(12) }
    };
    let code = marshal::loads_code(&data[16..])?;
    Ok((inv, code))
}

/// `importlib.util.source_hash(source)`: SipHash-1-3 keyed with the magic number (k0) and 0 (k1), little-endian.
pub fn source_hash(source: &[u8]) -> [u8; 8] {
    siphash13(u64::from(u32::from_le_bytes(MAGIC)), 0, source).to_le_bytes()
}

/// SipHash with one compression round and three finalization rounds, as CPython's `_Py_KeyedHash`.
pub fn siphash13(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v = [
        k0 ^ 0x736f_6d65_7073_6575,
        k1 ^ 0x646f_7261_6e64_6f6d,
        k0 ^ 0x6c79_6765_6e65_7261,
        k1 ^ 0x7465_6462_7974_6573,
    ];
    fn round(v: &mut [u64; 4]) {
        v[0] = v[0].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[2] = v[2].rotate_left(32);
    }
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let m = u64::from_le_bytes(w);
        v[3] ^= m;
        round(&mut v);
        v[0] ^= m;
    }
    let mut last = (data.len() as u64 & 0xFF) << 56;
    for (i, &b) in chunks.remainder().iter().enumerate() {
        last |= u64::from(b) << (8 * i);
    }
    v[3] ^= last;
    round(&mut v);
    v[0] ^= last;
    v[2] ^= 0xFF;
    for _ in 0..3 {
        round(&mut v);
    }
    v[0] ^ v[1] ^ v[2] ^ v[3]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values of `importlib.util.source_hash(src).hex()` printed by CPython 3.11.7.
    #[test]
    fn source_hash_matches_cpython() {
        let cases: [(&[u8], &str); 3] = [
            (b"print(\"hello\")\n", "4384a52f77abf775"),
            (b"", "738d9cd5d5e87f73"),
            (b"x = 1234567\n", "067ad0a1e595df4a"),
        ];
        for (src, want) in cases {
            let hex: String = source_hash(src).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(hex, want, "{src:?}");
        }
    }
}
