//! The constant pool: `co_consts` of one code unit, deduplicated as CPython's `_PyCode_ConstantKey` does, with a
//! cache shared by the whole compilation (compile.c's `c_const_cache`).
//!
//! Dedup keys keep apart what Python's `==` would merge: `1`, `1.0` and `True`; `0.0` and `-0.0`; the four complex
//! zeros; tuples and frozensets compare item by item with the same rules. A NaN is only ever equal to itself as the
//! same object in CPython; our constants have no object identity, so every NaN added is a new constant.
//! The shared cache hands back one canonical value per key, so equal strings, bytes and tuples used by several code
//! units are the same `Rc` (what marshal's reference sharing observes), and code objects are never merged.

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;
use pyfront::wtf8::Wtf8;
use rustc_hash::FxHashMap;

use crate::code::Constant;

/// An index into a code unit's `co_consts`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct ConstIdx(pub u32);

impl ConstIdx {
    pub fn as_u32(self) -> u32 {
        self.0
    }
}

/// `_PyCode_ConstantKey` as a Rust value: equal keys mean CPython would merge the constants.
#[derive(Clone, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub enum ConstKey {
    None,
    Ellipsis,
    False,
    True,
    Int(BigInt),
    /// The float's bits; a NaN gets a unique number instead, since only the same NaN object merges.
    Float(u64),
    Nan(u64),
    Complex(u64, u64),
    Str(Rc<Wtf8>),
    Bytes(Rc<[u8]>),
    Tuple(Vec<ConstKey>),
    /// The item keys, sorted: a frozenset's key is the set of its items' keys.
    FrozenSet(Vec<ConstKey>),
    /// Code objects merge when `code_richcompare` finds them equal.
    Code(Rc<CodeKey>),
}

/// What `code_richcompare` compares: everything but the qualname, filename, stack size and local kinds.
#[derive(Clone, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct CodeKey {
    name: Rc<str>,
    counts: [u32; 5],
    code: Vec<u8>,
    consts: Vec<ConstKey>,
    names: Vec<Rc<str>>,
    localsplusnames: Vec<Rc<str>>,
    linetable: Vec<u8>,
    exceptiontable: Vec<u8>,
}

/// The compilation-wide constant cache (`c_const_cache`).
#[derive(Debug, Default)]
pub struct ConstCache {
    map: FxHashMap<ConstKey, Constant>,
    nans: u64,
}

/// The cache as the code units of one compilation share it.
pub type SharedConstCache = Rc<RefCell<ConstCache>>;

impl ConstCache {
    pub fn new_shared() -> SharedConstCache {
        Rc::new(RefCell::new(ConstCache::default()))
    }

    fn float_key(&mut self, v: f64) -> ConstKey {
        if v.is_nan() {
            self.nans += 1;
            ConstKey::Nan(self.nans)
        } else {
            ConstKey::Float(v.to_bits())
        }
    }

    /// The key of `c` (a fresh NaN key for each NaN met).
    pub fn key(&mut self, c: &Constant) -> ConstKey {
        match c {
            Constant::None => ConstKey::None,
            Constant::Ellipsis => ConstKey::Ellipsis,
            Constant::False => ConstKey::False,
            Constant::True => ConstKey::True,
            Constant::Int(i) => ConstKey::Int(i.clone()),
            Constant::Float(f) => self.float_key(*f),
            Constant::Complex { re, im } => {
                if re.is_nan() || im.is_nan() {
                    self.nans += 1;
                    ConstKey::Nan(self.nans)
                } else {
                    ConstKey::Complex(re.to_bits(), im.to_bits())
                }
            }
            Constant::Str(s) => ConstKey::Str(s.clone()),
            Constant::Bytes(b) => ConstKey::Bytes(b.clone()),
            Constant::Tuple(items) => ConstKey::Tuple(items.iter().map(|i| self.key(i)).collect()),
            Constant::FrozenSet(items) => {
                let mut keys: Vec<ConstKey> = items.iter().map(|i| self.key(i)).collect();
                keys.sort();
                ConstKey::FrozenSet(keys)
            }
            Constant::Code(code) => ConstKey::Code(Rc::new(CodeKey {
                name: code.name.clone(),
                counts: [code.argcount, code.posonlyargcount, code.kwonlyargcount, code.flags, code.firstlineno],
                code: code.code.clone(),
                consts: code.consts.iter().map(|c| self.key(c)).collect(),
                names: code.names.clone(),
                localsplusnames: code.localsplusnames.clone(),
                linetable: code.linetable.clone(),
                exceptiontable: code.exceptiontable.clone(),
            })),
        }
    }

    /// compile.c's `merge_consts_recursive`: the canonical value for `c`'s key, registering `c` (with its items
    /// merged first) if the key is new. Returns the key too.
    pub fn merge(&mut self, c: Constant) -> (ConstKey, Constant) {
        let key = self.key(&c);
        if let Some(found) = self.map.get(&key) {
            return (key, found.clone());
        }
        let merged = match c {
            Constant::Tuple(items) => {
                Constant::Tuple(items.iter().map(|i| self.merge(i.clone()).1).collect::<Vec<_>>().into())
            }
            Constant::FrozenSet(items) => {
                Constant::FrozenSet(items.iter().map(|i| self.merge(i.clone()).1).collect::<Vec<_>>().into())
            }
            other => other,
        };
        self.map.insert(key.clone(), merged.clone());
        (key, merged)
    }
}

/// `co_consts` of one code unit while it is being built: indices in first-emission order.
#[derive(Debug)]
pub struct ConstPool {
    list: Vec<Constant>,
    index: FxHashMap<ConstKey, ConstIdx>,
    cache: SharedConstCache,
}

impl ConstPool {
    pub fn new(cache: &SharedConstCache) -> ConstPool {
        ConstPool { list: Vec::new(), index: FxHashMap::default(), cache: cache.clone() }
    }

    /// The cache this pool merges through.
    pub fn cache(&self) -> &SharedConstCache {
        &self.cache
    }

    /// compile.c's `compiler_add_const`: the index of `c`, appended if no equal-keyed constant is present.
    pub fn add(&mut self, c: Constant) -> ConstIdx {
        let (key, merged) = self.cache.borrow_mut().merge(c);
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = ConstIdx(self.list.len() as u32);
        self.list.push(merged);
        self.index.insert(key, i);
        i
    }

    /// What `fold_tuple_on_constants` does with a new tuple: merge it through the cache, then reuse an equal entry
    /// of the list or append it. (CPython searches the list by identity, which the cache makes key equality.)
    pub fn add_folded(&mut self, c: Constant) -> ConstIdx {
        self.add(c)
    }

    pub fn get(&self, i: ConstIdx) -> Option<&Constant> {
        self.list.get(i.0 as usize)
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn as_slice(&self) -> &[Constant] {
        &self.list
    }

    /// Drops constants from index `len` on (`trim_unused_consts`).
    pub fn truncate(&mut self, len: usize) {
        if len < self.list.len() {
            self.list.truncate(len);
            self.index.retain(|_, i| (i.0 as usize) < len);
        }
    }

    /// The final `co_consts`.
    pub fn into_vec(self) -> Vec<Constant> {
        self.list
    }
}

/// Python truth value of a constant (`PyObject_IsTrue`), as the CFG optimiser needs for constant conditions.
pub fn is_true(c: &Constant) -> bool {
    match c {
        Constant::None | Constant::False => false,
        Constant::True | Constant::Ellipsis | Constant::Code(_) => true,
        Constant::Int(i) => i.sign() != num_bigint::Sign::NoSign,
        Constant::Float(f) => *f != 0.0,
        Constant::Complex { re, im } => *re != 0.0 || *im != 0.0,
        Constant::Str(s) => !s.is_empty(),
        Constant::Bytes(b) => !b.is_empty(),
        Constant::Tuple(t) | Constant::FrozenSet(t) => !t.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(i: i64) -> Constant {
        Constant::Int(BigInt::from(i))
    }

    #[test]
    fn keys_keep_python_equal_values_apart() {
        let cache = ConstCache::new_shared();
        let mut pool = ConstPool::new(&cache);
        let items = [
            int(1),
            Constant::Float(1.0),
            Constant::True,
            Constant::Float(0.0),
            Constant::Float(-0.0),
            int(1),
            Constant::Float(-0.0),
            Constant::Tuple(vec![int(1)].into()),
            Constant::Tuple(vec![Constant::True].into()),
            Constant::Tuple(vec![int(1)].into()),
            Constant::Float(f64::NAN),
            Constant::Float(f64::NAN),
        ];
        let got: Vec<u32> = items.into_iter().map(|c| pool.add(c).0).collect();
        assert_eq!(got, [0, 1, 2, 3, 4, 0, 4, 5, 6, 5, 7, 8]);
    }

    #[test]
    fn frozensets_compare_as_sets() {
        let cache = ConstCache::new_shared();
        let mut pool = ConstPool::new(&cache);
        let a = pool.add(Constant::FrozenSet(vec![int(1), int(2)].into()));
        let b = pool.add(Constant::FrozenSet(vec![int(2), int(1)].into()));
        assert_eq!(a, b);
    }

    #[test]
    fn cache_shares_objects_between_units() {
        let cache = ConstCache::new_shared();
        let mut p1 = ConstPool::new(&cache);
        let mut p2 = ConstPool::new(&cache);
        p1.add(Constant::str("abc"));
        p2.add(Constant::None);
        p2.add(Constant::str("abc"));
        let (Constant::Str(a), Constant::Str(b)) = (&p1.as_slice()[0], &p2.as_slice()[1]) else {
            panic!("expected strings");
        };
        assert!(Rc::ptr_eq(a, b));
    }
}
