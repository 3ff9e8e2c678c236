//! Python's `str` as bytes: UTF-8 in which a lone surrogate code point (U+D800..U+DFFF) is written as its 3-byte
//! sequence, exactly CPython's `'surrogatepass'` UTF-8 encoding, which is also what marshal stores.
//!
//! A Rust `str` cannot hold `'\ud800'`, which CPython allows; this is the workspace's one type that can. Unlike
//! WTF-8 proper, two adjacent surrogates that would form a pair stay two code points (`'\ud83d' '\ude00'` has
//! length 2 in Python), so concatenation is plain byte concatenation. A valid Rust `str` is always a valid `Wtf8`
//! with the same bytes, so the common case costs nothing: `Wtf8::new` is a cast and `as_str` a validation.

use std::fmt;
use std::rc::Rc;

use bumpalo::Bump;

/// A borrowed Python string: generalized UTF-8 (surrogates allowed, never paired up).
#[derive(PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Wtf8([u8]);

impl Wtf8 {
    /// The same text viewed as a `Wtf8` (free: a valid `str` is valid generalized UTF-8).
    pub fn new(s: &str) -> &Wtf8 {
        // SAFETY: `Wtf8` is a `repr(transparent)` wrapper of `[u8]`, and UTF-8 is generalized UTF-8.
        unsafe { &*(s.as_bytes() as *const [u8] as *const Wtf8) }
    }

    /// Checks `b` is generalized UTF-8 (UTF-8 that also admits encoded surrogates), as CPython's
    /// `b.decode('utf-8', 'surrogatepass')` would accept it.
    pub fn from_bytes(b: &[u8]) -> Option<&Wtf8> {
        if std::str::from_utf8(b).is_ok() || is_generalized_utf8(b) {
            // SAFETY: as in `new`; the bytes were just checked.
            Some(unsafe { &*(b as *const [u8] as *const Wtf8) })
        } else {
            None
        }
    }

    /// The encoded bytes (`s.encode('utf-8', 'surrogatepass')`).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The text as a Rust `str`, or `None` if it holds a lone surrogate.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// Length of the encoding in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn is_ascii(&self) -> bool {
        self.0.is_ascii()
    }

    /// The code points, surrogates included (each one separately).
    pub fn code_points(&self) -> CodePoints<'_> {
        CodePoints { b: &self.0 }
    }

    /// Python's `len()`: the number of code points.
    pub fn len_code_points(&self) -> usize {
        // Every code point has exactly one byte that is not a continuation byte.
        self.0.iter().filter(|&&b| (b as i8) >= -0x40).count()
    }

    /// The largest code point, 0 for the empty string (what decides CPython's UCS-1/2/4 storage kind).
    pub fn max_code_point(&self) -> u32 {
        if self.is_ascii() {
            self.0.iter().copied().max().unwrap_or(0) as u32
        } else {
            self.code_points().max().unwrap_or(0)
        }
    }

    /// The code points between two byte offsets, or `None` if either splits a code point.
    pub fn get(&self, start: usize, end: usize) -> Option<&Wtf8> {
        let b = self.0.get(start..end)?;
        let boundary = |i: usize| self.0.get(i).is_none_or(|&c| (c as i8) >= -0x40);
        // SAFETY: both ends are code point boundaries of generalized UTF-8, so the slice is generalized UTF-8.
        (boundary(start) && boundary(end)).then(|| unsafe { &*(b as *const [u8] as *const Wtf8) })
    }

    /// A copy in the arena.
    pub fn alloc_in<'a>(&self, arena: &'a Bump) -> &'a Wtf8 {
        let b = arena.alloc_slice_copy(&self.0);
        // SAFETY: the same bytes, still generalized UTF-8.
        unsafe { &*(b as *const [u8] as *const Wtf8) }
    }

    /// A reference-counted copy.
    pub fn to_rc(&self) -> Rc<Wtf8> {
        let rc: Rc<[u8]> = Rc::from(&self.0);
        // SAFETY: `Wtf8` has `[u8]`'s layout (`repr(transparent)`), so the pointer's metadata and allocation are valid.
        unsafe { Rc::from_raw(Rc::into_raw(rc) as *const Wtf8) }
    }

    /// The text with each surrogate replaced by U+FFFD (for messages only, never for output that must match CPython).
    pub fn to_string_lossy(&self) -> std::borrow::Cow<'_, str> {
        match self.as_str() {
            Some(s) => std::borrow::Cow::Borrowed(s),
            None => {
                std::borrow::Cow::Owned(self.code_points().map(|c| char::from_u32(c).unwrap_or('\u{fffd}')).collect())
            }
        }
    }

    /// The first lone surrogate as (code point index, code point), for CPython's "surrogates not allowed" errors.
    pub fn first_surrogate(&self) -> Option<(usize, u32)> {
        self.as_str().is_none().then(|| self.code_points().enumerate().find(|&(_, c)| is_surrogate(c)))?
    }
}

impl<'a> From<&'a str> for &'a Wtf8 {
    fn from(s: &'a str) -> &'a Wtf8 {
        Wtf8::new(s)
    }
}

impl From<&Wtf8> for Rc<Wtf8> {
    fn from(s: &Wtf8) -> Rc<Wtf8> {
        s.to_rc()
    }
}

impl Default for &Wtf8 {
    fn default() -> Self {
        Wtf8::new("")
    }
}

impl PartialEq<str> for Wtf8 {
    fn eq(&self, other: &str) -> bool {
        self.0 == *other.as_bytes()
    }
}

impl PartialEq<&str> for Wtf8 {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other.as_bytes()
    }
}

impl fmt::Debug for Wtf8 {
    /// As `str`'s `Debug`, with a surrogate written `\u{d800}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(s) = self.as_str() {
            return fmt::Debug::fmt(s, f);
        }
        f.write_str("\"")?;
        for c in self.code_points() {
            match char::from_u32(c) {
                Some(c) => write!(f, "{}", c.escape_debug())?,
                None => write!(f, "\\u{{{c:x}}}")?,
            }
        }
        f.write_str("\"")
    }
}

impl fmt::Display for Wtf8 {
    /// The text, surrogates shown as U+FFFD (lossy: for diagnostics).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string_lossy())
    }
}

/// Whether `c` is a surrogate code point.
pub fn is_surrogate(c: u32) -> bool {
    (0xD800..0xE000).contains(&c)
}

/// A growable `Wtf8`.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Wtf8Buf(Vec<u8>);

impl Wtf8Buf {
    pub fn new() -> Wtf8Buf {
        Wtf8Buf(Vec::new())
    }

    pub fn with_capacity(n: usize) -> Wtf8Buf {
        Wtf8Buf(Vec::with_capacity(n))
    }

    pub fn from_wtf8(s: &Wtf8) -> Wtf8Buf {
        Wtf8Buf(s.0.to_vec())
    }

    pub fn push(&mut self, c: char) {
        self.0.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    }

    pub fn push_str(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    pub fn push_wtf8(&mut self, s: &Wtf8) {
        self.0.extend_from_slice(&s.0);
    }

    /// Appends any code point up to U+10FFFF, surrogates included; `None` past U+10FFFF.
    pub fn push_code_point(&mut self, c: u32) -> Option<()> {
        if let Some(ch) = char::from_u32(c) {
            self.push(ch);
        } else if is_surrogate(c) {
            self.0.extend_from_slice(&[
                0xE0 | (c >> 12) as u8,
                0x80 | ((c >> 6) & 0x3F) as u8,
                0x80 | (c & 0x3F) as u8,
            ]);
        } else {
            return None;
        }
        Some(())
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

impl std::ops::Deref for Wtf8Buf {
    type Target = Wtf8;
    fn deref(&self) -> &Wtf8 {
        // SAFETY: every method that grows the buffer appends generalized UTF-8.
        unsafe { &*(self.0.as_slice() as *const [u8] as *const Wtf8) }
    }
}

impl From<String> for Wtf8Buf {
    fn from(s: String) -> Wtf8Buf {
        Wtf8Buf(s.into_bytes())
    }
}

impl From<&str> for Wtf8Buf {
    fn from(s: &str) -> Wtf8Buf {
        Wtf8Buf(s.as_bytes().to_vec())
    }
}

impl fmt::Debug for Wtf8Buf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// The code points of a `Wtf8`, as `u32` (surrogates are not `char`s).
#[derive(Clone)]
pub struct CodePoints<'s> {
    b: &'s [u8],
}

impl Iterator for CodePoints<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let (&b0, rest) = self.b.split_first()?;
        let (n, init) = match b0 {
            0..=0x7F => {
                self.b = rest;
                return Some(b0 as u32);
            }
            0xC0..=0xDF => (1, (b0 & 0x1F) as u32),
            0xE0..=0xEF => (2, (b0 & 0x0F) as u32),
            _ => (3, (b0 & 0x07) as u32),
        };
        let n = n.min(rest.len());
        let c = rest[..n].iter().fold(init, |c, &b| (c << 6) | (b & 0x3F) as u32);
        self.b = &rest[n..];
        Some(c)
    }
}

/// UTF-8's structure with the surrogate range admitted after `ED` (what `'surrogatepass'` decodes).
fn is_generalized_utf8(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        let b0 = b[i];
        let (n, lo, hi) = match b0 {
            0..=0x7F => {
                i += 1;
                continue;
            }
            0xC2..=0xDF => (1, 0x80, 0xBF),
            0xE0 => (2, 0xA0, 0xBF),
            0xE1..=0xEF => (2, 0x80, 0xBF),
            0xF0 => (3, 0x90, 0xBF),
            0xF1..=0xF3 => (3, 0x80, 0xBF),
            0xF4 => (3, 0x80, 0x8F),
            _ => return false,
        };
        if i + n >= b.len() {
            return false;
        }
        if !(lo..=hi).contains(&b[i + 1]) || !b[i + 2..i + 1 + n].iter().all(|&c| (0x80..=0xBF).contains(&c)) {
            return false;
        }
        i += 1 + n;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buf(cps: &[u32]) -> Wtf8Buf {
        let mut b = Wtf8Buf::new();
        for &c in cps {
            b.push_code_point(c).unwrap();
        }
        b
    }

    #[test]
    fn surrogates_stay_separate_code_points() {
        let s = buf(&[0x61, 0xD83D, 0xDE00, 0x10FFFF]);
        assert_eq!(s.as_bytes(), b"a\xed\xa0\xbd\xed\xb8\x80\xf4\x8f\xbf\xbf");
        assert_eq!(s.code_points().collect::<Vec<_>>(), [0x61, 0xD83D, 0xDE00, 0x10FFFF]);
        assert_eq!(s.len_code_points(), 4);
        assert_eq!(s.as_str(), None);
        assert_eq!(s.first_surrogate(), Some((1, 0xD83D)));
        assert_eq!(s.max_code_point(), 0x10FFFF);
        assert_eq!(Wtf8::from_bytes(s.as_bytes()), Some(&*s));
    }

    #[test]
    fn valid_utf8_is_free() {
        let w = Wtf8::new("héllo");
        assert_eq!(w.as_str(), Some("héllo"));
        assert_eq!(w.len_code_points(), 5);
        assert_eq!(w.first_surrogate(), None);
        assert_eq!(&*w.to_rc(), w);
    }

    #[test]
    fn rejects_malformed() {
        for bad in [&b"\xff"[..], b"\xed\xa0", b"\xc0\x80", b"\xf4\x90\x80\x80", b"\xe0\x80\x80", b"\x80"] {
            assert_eq!(Wtf8::from_bytes(bad), None, "{bad:?}");
        }
    }
}
