//! The code object: the one contract between the compiler, `dis`, marshal and the VM.
//!
//! Fields mirror CPython 3.11's `_PyCodeConstructor` (what marshal stores); the derived views (`co_varnames`,
//! `co_cellvars`, `co_freevars`, `co_nlocals`) are methods, so they can never disagree with localsplus.

use std::rc::Rc;

use num_bigint::BigInt;

/// Kind bits of a localsplus slot (`co_localspluskinds`).
pub mod kind {
    pub const LOCAL: u8 = 0x20;
    pub const CELL: u8 = 0x40;
    pub const FREE: u8 = 0x80;
}

/// `co_flags` bits.
pub mod flags {
    pub const OPTIMIZED: u32 = 0x1;
    pub const NEWLOCALS: u32 = 0x2;
    pub const VARARGS: u32 = 0x4;
    pub const VARKEYWORDS: u32 = 0x8;
    pub const NESTED: u32 = 0x10;
    pub const GENERATOR: u32 = 0x20;
    pub const NOFREE: u32 = 0x40;
    pub const COROUTINE: u32 = 0x80;
    pub const ITERABLE_COROUTINE: u32 = 0x100;
    pub const ASYNC_GENERATOR: u32 = 0x200;
}

/// A compile-time constant, as it can appear in `co_consts` (and in marshal data).
///
/// FIXME: `Str` cannot hold lone surrogates (`'\ud800'`), which CPython allows; they need a WTF-8 string type.
#[derive(Clone, Debug)]
pub enum Constant {
    None,
    False,
    True,
    Ellipsis,
    Int(BigInt),
    Float(f64),
    Complex {
        re: f64,
        im: f64,
    },
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    Tuple(Rc<[Constant]>),
    /// Items in insertion (source) order. marshal sorts them itself (3.11.7 writes `sorted(items,
    /// key=marshal.dumps)`, bpo-37596) and `repr::hash::frozenset_order` gives CPython's iteration order.
    FrozenSet(Rc<[Constant]>),
    Code(Rc<CodeObject>),
}

/// A CPython 3.11 code object.
#[derive(Clone, Debug)]
pub struct CodeObject {
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub stacksize: u32,
    pub flags: u32,
    /// The deoptimized bytecode with zeroed inline caches (`co_code`).
    pub code: Vec<u8>,
    pub consts: Vec<Constant>,
    pub names: Vec<Rc<str>>,
    pub localsplusnames: Vec<Rc<str>>,
    pub localspluskinds: Vec<u8>,
    pub filename: Rc<str>,
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub firstlineno: u32,
    /// The 3.11 location table (`co_linetable`).
    pub linetable: Vec<u8>,
    pub exceptiontable: Vec<u8>,
}

impl CodeObject {
    fn names_of_kind(&self, want: u8) -> Vec<Rc<str>> {
        self.localsplusnames
            .iter()
            .zip(&self.localspluskinds)
            .filter(|&(_, &k)| k & want != 0)
            .map(|(n, _)| n.clone())
            .collect()
    }

    /// `co_varnames`: the LOCAL slots (arguments included, even those that are also cells).
    pub fn varnames(&self) -> Vec<Rc<str>> {
        self.names_of_kind(kind::LOCAL)
    }

    /// `co_cellvars`.
    pub fn cellvars(&self) -> Vec<Rc<str>> {
        self.names_of_kind(kind::CELL)
    }

    /// `co_freevars`.
    pub fn freevars(&self) -> Vec<Rc<str>> {
        self.names_of_kind(kind::FREE)
    }

    /// `co_nlocals`.
    pub fn nlocals(&self) -> usize {
        self.localspluskinds.iter().filter(|&&k| k & kind::LOCAL != 0).count()
    }
}
