//! The value representation: a 16-byte enum with inline None/bool/small int/float and `Rc` heap objects.
//!
//! Immutable objects (str, bytes, tuple, big int, range, slice, code, function) are plain `Rc`s. Mutable containers
//! keep their interior mutability inside the object (`RefCell` over the payload), so a `Value` is always cheap to
//! clone and the dispatch loop matches on the tag without touching the heap for ints and floats.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::ToPrimitive;
use pyfront::wtf8::{Wtf8, Wtf8Buf};

use crate::builtins::BuiltinFn;
use crate::code::CodeInfo;
use crate::dict::PyDict;
use crate::exception::PyException;
use crate::set::PySet;

/// A Python value.
#[derive(Clone, Default)]
pub enum Value {
    /// An empty local slot or the NULL that CALL conventions push; never visible to Python code.
    #[default]
    Null,
    None,
    Ellipsis,
    NotImplemented,
    Bool(bool),
    Int(i64),
    Float(f64),
    BigInt(Rc<BigInt>),
    Str(Rc<PyStr>),
    Bytes(Rc<Vec<u8>>),
    Tuple(Rc<Vec<Value>>),
    List(Rc<PyList>),
    Dict(Rc<PyDict>),
    /// `dict.keys()` / `values()` / `items()` (kind 0/1/2).
    DictView(Rc<(Rc<PyDict>, u8)>),
    Set(Rc<PySet>),
    FrozenSet(Rc<PySet>),
    Range(Rc<PyRange>),
    Slice(Rc<PySlice>),
    Function(Rc<Function>),
    Builtin(&'static BuiltinFn),
    /// A builtin method bound to its receiver (`[].append`).
    BoundMethod(Rc<(Value, &'static BuiltinFn)>),
    Iter(Rc<PyIter>),
    Code(Rc<CodeInfo>),
    Module(Rc<Module>),
    Type(Rc<PyType>),
    Exception(Rc<PyException>),
    Cell(Rc<RefCell<Value>>),
}

const _: () = assert!(std::mem::size_of::<Value>() == 16);

/// A str with its cached hash and character count.
///
/// A str holding lone surrogates (`'\ud800'`, which a Rust `str` cannot hold) keeps its exact value in `surrogates`,
/// and `s` shows each surrogate as U+FFFD. Both encode every code point in 3 bytes there, so byte offsets and the
/// code point count agree between them. Operations that know about surrogates (repr, len, indexing, iteration,
/// concatenation, comparison, hashing, `encode`, writing) read [`PyStr::wtf8`]; other `str` methods refuse such a
/// receiver (see `methods::lookup`) rather than act on the stand-in text.
pub struct PyStr {
    pub s: Box<str>,
    /// Number of code points (== byte length for ASCII).
    pub chars: usize,
    hash: Cell<i64>,
    pub surrogates: Option<Box<Wtf8Buf>>,
}

impl PyStr {
    pub fn new(s: impl Into<Box<str>>) -> PyStr {
        let s: Box<str> = s.into();
        let chars = if s.is_ascii() { s.len() } else { s.chars().count() };
        PyStr { s, chars, hash: Cell::new(-1), surrogates: None }
    }

    /// A str from generalized UTF-8, which may hold lone surrogates.
    pub fn from_wtf8(w: &Wtf8) -> PyStr {
        match w.as_str() {
            Some(s) => PyStr::new(s),
            None => {
                let mut p = PyStr::new(w.to_string_lossy().into_owned());
                p.surrogates = Some(Box::new(Wtf8Buf::from_wtf8(w)));
                p
            }
        }
    }

    /// The concatenation of `parts` (which may hold lone surrogates; they never pair up).
    pub fn concat<'p>(parts: impl Iterator<Item = &'p PyStr> + Clone) -> Value {
        if parts.clone().all(|p| p.surrogates.is_none()) {
            let mut s = String::new();
            for p in parts {
                s.push_str(&p.s);
            }
            return Value::string(s);
        }
        let mut w = Wtf8Buf::new();
        for p in parts {
            w.push_wtf8(p.wtf8());
        }
        Value::Str(Rc::new(PyStr::from_wtf8(&w)))
    }

    /// The exact value, surrogates included.
    #[inline]
    pub fn wtf8(&self) -> &Wtf8 {
        match &self.surrogates {
            Some(w) => w,
            None => Wtf8::new(&self.s),
        }
    }

    pub fn is_ascii(&self) -> bool {
        self.chars == self.s.len()
    }

    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != -1 {
            return h;
        }
        let h = pyir::repr::hash::wtf8_hash(self.wtf8());
        self.hash.set(h);
        h
    }
}

pub struct PyList {
    pub items: RefCell<Vec<Value>>,
}

impl PyList {
    pub fn new(items: Vec<Value>) -> PyList {
        PyList { items: RefCell::new(items) }
    }
}

/// `range(start, stop, step)` with machine-int bounds (bigger ranges raise OverflowError at creation).
pub struct PyRange {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl PyRange {
    pub fn len(&self) -> i64 {
        let (lo, hi, step) = (self.start as i128, self.stop as i128, self.step as i128);
        let n = if step > 0 {
            if lo < hi { (hi - lo - 1) / step + 1 } else { 0 }
        } else if lo > hi {
            (lo - hi - 1) / (-step) + 1
        } else {
            0
        };
        n as i64
    }
}

pub struct PySlice {
    pub start: Value,
    pub stop: Value,
    pub step: Value,
}

/// A Python function: code plus the environment MAKE_FUNCTION captured.
pub struct Function {
    pub code: Rc<CodeInfo>,
    pub globals: Rc<PyDict>,
    pub defaults: Option<Rc<Vec<Value>>>,
    pub kwdefaults: Option<Rc<PyDict>>,
    pub closure: Option<Rc<Vec<Value>>>,
    pub name: RefCell<Rc<PyStr>>,
    pub qualname: RefCell<Rc<PyStr>>,
    pub attrs: RefCell<Option<Rc<PyDict>>>,
}

pub struct Module {
    pub name: Rc<str>,
    pub dict: Rc<PyDict>,
}

/// What a type object stands for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TypeKind {
    Object,
    NoneType,
    Bool,
    Int,
    Float,
    Complex,
    Str,
    Bytes,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    Function,
    BuiltinFunction,
    Method,
    Iterator,
    Code,
    Module,
    Type,
    Ellipsis,
    NotImplementedType,
    Cell,
    /// An exception class; the index is into `exception::CLASSES`.
    Exception(u8),
}

pub struct PyType {
    pub name: &'static str,
    pub kind: TypeKind,
}

/// The state of an iterator object.
pub struct PyIter {
    pub state: RefCell<IterState>,
}

pub enum IterState {
    Range {
        next: i64,
        step: i64,
        left: i64,
    },
    List {
        list: Rc<PyList>,
        idx: usize,
    },
    ListRev {
        list: Rc<PyList>,
        idx: usize,
    },
    Tuple {
        tuple: Rc<Vec<Value>>,
        idx: usize,
    },
    Str {
        s: Rc<PyStr>,
        byte: usize,
    },
    Bytes {
        b: Rc<Vec<u8>>,
        idx: usize,
    },
    /// Dict keys/values/items (0/1/2), by position in the insertion-ordered table.
    Dict {
        dict: Rc<PyDict>,
        idx: usize,
        kind: u8,
        len: usize,
    },
    Set {
        set: Rc<PySet>,
        idx: usize,
        len: usize,
    },
    /// A snapshot of values (sets, sorted results, reversed of a general sequence).
    Values {
        items: Rc<[Value]>,
        idx: usize,
    },
    Enumerate {
        it: Value,
        n: Value,
    },
    Zip {
        its: Vec<Value>,
    },
    Map {
        func: Value,
        its: Vec<Value>,
    },
    Filter {
        func: Value,
        it: Value,
    },
    Exhausted,
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::new(PyStr::new(s)))
    }

    /// A one-character str: any code point up to U+10FFFF, lone surrogates included.
    pub fn from_code_point(c: u32) -> Option<Value> {
        let mut w = Wtf8Buf::new();
        w.push_code_point(c)?;
        Some(Value::Str(Rc::new(PyStr::from_wtf8(&w))))
    }

    pub fn string(s: String) -> Value {
        Value::Str(Rc::new(PyStr::new(s)))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(PyList::new(items)))
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(items))
    }

    pub fn from_bigint(b: BigInt) -> Value {
        match b.to_i64() {
            Some(i) => Value::Int(i),
            None => Value::BigInt(Rc::new(b)),
        }
    }

    pub fn iter(state: IterState) -> Value {
        Value::Iter(Rc::new(PyIter { state: RefCell::new(state) }))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The address `id()` and default reprs show.
    pub fn addr(&self) -> usize {
        match self {
            Value::Null
            | Value::None
            | Value::Ellipsis
            | Value::NotImplemented
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_) => self as *const Value as usize,
            Value::BigInt(r) => Rc::as_ptr(r) as usize,
            Value::Str(r) => Rc::as_ptr(r) as usize,
            Value::Bytes(r) => Rc::as_ptr(r) as usize,
            Value::Tuple(r) => Rc::as_ptr(r) as usize,
            Value::List(r) => Rc::as_ptr(r) as usize,
            Value::Dict(r) => Rc::as_ptr(r) as usize,
            Value::DictView(r) => Rc::as_ptr(r) as usize,
            Value::Set(r) | Value::FrozenSet(r) => Rc::as_ptr(r) as usize,
            Value::Range(r) => Rc::as_ptr(r) as usize,
            Value::Slice(r) => Rc::as_ptr(r) as usize,
            Value::Function(r) => Rc::as_ptr(r) as usize,
            Value::Builtin(r) => *r as *const BuiltinFn as usize,
            Value::BoundMethod(r) => Rc::as_ptr(r) as usize,
            Value::Iter(r) => Rc::as_ptr(r) as usize,
            Value::Code(r) => Rc::as_ptr(r) as usize,
            Value::Module(r) => Rc::as_ptr(r) as usize,
            Value::Type(r) => Rc::as_ptr(r) as usize,
            Value::Exception(r) => Rc::as_ptr(r) as usize,
            Value::Cell(r) => Rc::as_ptr(r) as usize,
        }
    }

    /// `a is b`.
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None)
            | (Value::Ellipsis, Value::Ellipsis)
            | (Value::NotImplemented, Value::NotImplemented)
            | (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            // Small ints are cached singletons in CPython; other equal ints made at different times are usually not
            // the same object, but the identity of equal ints is not something correct programs rely on.
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Builtin(a), Value::Builtin(b)) => std::ptr::eq(*a, *b),
            (Value::Type(a), Value::Type(b)) => a.kind == b.kind,
            _ => {
                std::mem::discriminant(self) == std::mem::discriminant(other)
                    && self.addr() == other.addr()
                    && !matches!(self, Value::Int(_) | Value::Float(_) | Value::Bool(_))
            }
        }
    }
}
