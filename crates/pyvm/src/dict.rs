//! `dict`: an insertion-ordered hash map keyed by Python hash and equality.
//!
//! Keys carry their Python hash, computed once; the map hashes that number again with Fx so that CPython's weak
//! int hashes (hash(n) == n) still spread over the table.

use std::cell::RefCell;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use indexmap::{Equivalent, IndexMap};
use rustc_hash::FxHasher;

use crate::value::{PyStr, Value};

/// A dict key: the value and its Python hash.
#[derive(Clone)]
pub struct HKey {
    pub hash: i64,
    pub key: Value,
}

impl Hash for HKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_i64(self.hash);
    }
}

impl PartialEq for HKey {
    fn eq(&self, other: &HKey) -> bool {
        self.hash == other.hash && (self.key.is(&other.key) || crate::ops::eq_hashable(&self.key, &other.key))
    }
}

impl Eq for HKey {}

/// Looks a str key up without building a `Value`.
pub struct StrKey<'a> {
    pub hash: i64,
    pub s: &'a str,
}

impl Hash for StrKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_i64(self.hash);
    }
}

impl Equivalent<HKey> for StrKey<'_> {
    fn equivalent(&self, key: &HKey) -> bool {
        matches!(&key.key, Value::Str(s) if *s.s == *self.s)
    }
}

pub type Map = IndexMap<HKey, Value, BuildHasherDefault<FxHasher>>;

#[derive(Default)]
pub struct PyDict {
    pub map: RefCell<Map>,
}

impl PyDict {
    pub fn new() -> PyDict {
        PyDict::default()
    }

    pub fn from_map(map: Map) -> PyDict {
        PyDict { map: RefCell::new(map) }
    }

    pub fn len(&self) -> usize {
        self.map.borrow().len()
    }

    pub fn get_str(&self, s: &PyStr) -> Option<Value> {
        self.map.borrow().get(&StrKey { hash: s.hash(), s: &s.s }).cloned()
    }

    /// `get_str` that also says where the key sits, for LOAD_GLOBAL's cache.
    pub fn get_str_at(&self, s: &PyStr) -> Option<(usize, Value)> {
        self.map.borrow().get_full(&StrKey { hash: s.hash(), s: &s.s }).map(|(i, _, v)| (i, v.clone()))
    }

    /// The value at position `idx` if the key there is the str `s`. Keys are unique, so a match is the value of
    /// `s` however the dict changed since `idx` was learned; anything else is a miss.
    pub fn get_str_if_at(&self, idx: usize, s: &PyStr) -> Option<Value> {
        let m = self.map.borrow();
        let (k, v) = m.get_index(idx)?;
        match &k.key {
            Value::Str(ks) if std::ptr::eq(ks.s.as_ptr(), s.s.as_ptr()) || ks.s == s.s => Some(v.clone()),
            _ => None,
        }
    }

    pub fn get_by_str(&self, s: &str) -> Option<Value> {
        self.map.borrow().get(&StrKey { hash: crate::hash::hash_str(s), s }).cloned()
    }

    pub fn set_str(&self, s: &str, v: Value) {
        let key = Value::str(s);
        let hash = crate::hash::hash_str(s);
        self.map.borrow_mut().insert(HKey { hash, key }, v);
    }

    /// Inserts with an already-hashed key (the key must be hashable).
    pub fn insert(&self, key: HKey, v: Value) {
        let mut m = self.map.borrow_mut();
        // CPython keeps the first key object on overwrite.
        if let Some(slot) = m.get_mut(&key) {
            *slot = v;
        } else {
            m.insert(key, v);
        }
    }

    pub fn get(&self, key: &HKey) -> Option<Value> {
        self.map.borrow().get(key).cloned()
    }

    pub fn remove(&self, key: &HKey) -> Option<Value> {
        self.map.borrow_mut().shift_remove(key)
    }

    pub fn keys(&self) -> Vec<Value> {
        self.map.borrow().keys().map(|k| k.key.clone()).collect()
    }

    pub fn entry_at(&self, idx: usize) -> Option<(Value, Value)> {
        self.map.borrow().get_index(idx).map(|(k, v)| (k.key.clone(), v.clone()))
    }
}
