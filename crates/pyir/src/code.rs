//! The code object: the one contract between the compiler, `dis`, marshal and the VM.
//!
//! Fields mirror CPython 3.11's `_PyCodeConstructor` (what marshal stores); the derived views (`co_varnames`,
//! `co_cellvars`, `co_freevars`, `co_nlocals`) are methods, so they can never disagree with localsplus.

use std::rc::Rc;

use num_bigint::BigInt;
use pyfront::wtf8::Wtf8;

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
    /// Python's str, which may hold lone surrogates (`'\ud800'`); `Wtf8::as_str` is the usual view.
    Str(Rc<Wtf8>),
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

impl CodeObject {
    /// A stable, human-readable dump of this code object and, depth-first, every code object in its constants: the
    /// stored fields with bytes in hex and constants as `repr()` (frozenset items sorted, nested code shown as
    /// `<code QUALNAME>`, so the dump does not depend on hash order or addresses). `test_data/codegen/gen.py` prints the
    /// same format from CPython, which makes the dump the byte-identity check for whole compilations.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        self.dump_into(&mut out);
        out
    }

    fn dump_into(&self, out: &mut String) {
        use std::fmt::Write;
        let join = |names: &[Rc<str>]| names.iter().map(|n| &**n).collect::<Vec<_>>().join(", ");
        let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
        let consts: Vec<String> = self.consts.iter().map(Constant::stable_repr).collect();
        // Writing to a String cannot fail.
        let _ = writeln!(out, "code {}", self.qualname);
        let _ = writeln!(out, "  name: {}", self.name);
        let _ = writeln!(
            out,
            "  argcount: {} posonly: {} kwonly: {}",
            self.argcount, self.posonlyargcount, self.kwonlyargcount
        );
        let _ = writeln!(
            out,
            "  flags: 0x{:x} stacksize: {} firstlineno: {}",
            self.flags, self.stacksize, self.firstlineno
        );
        let _ = writeln!(out, "  consts: {}", consts.join(", "));
        let _ = writeln!(out, "  names: {}", join(&self.names));
        let _ = writeln!(out, "  varnames: {}", join(&self.varnames()));
        let _ = writeln!(out, "  freevars: {}", join(&self.freevars()));
        let _ = writeln!(out, "  cellvars: {}", join(&self.cellvars()));
        let _ = writeln!(out, "  code: {}", hex(&self.code));
        let _ = writeln!(out, "  linetable: {}", hex(&self.linetable));
        let _ = writeln!(out, "  exceptiontable: {}", hex(&self.exceptiontable));
        for c in &self.consts {
            if let Constant::Code(inner) = c {
                inner.dump_into(out);
            }
        }
    }
}

impl Constant {
    /// A str constant from Rust text (which never holds a lone surrogate).
    pub fn str(s: &str) -> Constant {
        Constant::Str(Wtf8::new(s).to_rc())
    }

    /// `repr()` for [`CodeObject::dump`]: Python's repr, except that frozenset items are sorted and code objects are
    /// named rather than addressed.
    fn stable_repr(&self) -> String {
        use pyfront::repr::{write_bytes_repr, write_complex_repr, write_float_repr, write_wtf8_repr};
        let mut out = String::new();
        match self {
            Constant::None => out.push_str("None"),
            Constant::True => out.push_str("True"),
            Constant::False => out.push_str("False"),
            Constant::Ellipsis => out.push_str("Ellipsis"),
            Constant::Int(i) => out.push_str(&i.to_string()),
            Constant::Float(x) => write_float_repr(&mut out, *x),
            Constant::Complex { re, im } => write_complex_repr(&mut out, *re, *im),
            Constant::Str(s) => write_wtf8_repr(&mut out, s),
            Constant::Bytes(b) => write_bytes_repr(&mut out, b),
            Constant::Tuple(items) => {
                let inner: Vec<String> = items.iter().map(Constant::stable_repr).collect();
                if inner.len() == 1 {
                    out = format!("({},)", inner[0]);
                } else {
                    out = format!("({})", inner.join(", "));
                }
            }
            Constant::FrozenSet(items) => {
                let mut inner: Vec<String> = items.iter().map(Constant::stable_repr).collect();
                inner.sort();
                out = format!("frozenset({{{}}})", inner.join(", "));
            }
            Constant::Code(co) => out = format!("<code {}>", co.qualname),
        }
        out
    }
}
