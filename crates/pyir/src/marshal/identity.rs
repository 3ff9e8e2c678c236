//! A model of CPython's object identity and reference counts in a freshly compiled code object tree, which decide
//! marshal's `FLAG_REF`s and refs.
//!
//! `w_ref` flags an object when its refcount is above 1 or it is an interned str, and writes later occurrences of a
//! flagged object as `r idx`. After `compile()` returns, the compiler's data structures are gone, so an object's
//! refcount is the number of places in the tree that hold it, plus holders outside the tree. Which places hold the
//! *same* object follows from how the compiler builds the tree:
//!
//! - Constants go through one constant cache for the whole compilation (`merge_consts_recursive`, keyed like
//!   `_PyCode_ConstantKey`), and so do the `co_consts`, `co_names` and `co_localsplusnames` tuples, the linetable and
//!   the exception table (`merge_const_one`): equal keys are one object. The key of a tuple is made of its items'
//!   keys, so a names tuple and a constant tuple of the same strings are one object.
//! - `_PyCode_New` interns the names, the localsplus names and every str constant made only of `[A-Za-z0-9_]`
//!   (in tuples and frozensets too): interned strs are one object per value.
//! - Singletons have refcounts far above 1: small ints (-5..=256), `''`, one-character Latin-1 strs, `b''`,
//!   one-byte bytes, `()`, the empty frozenset, and the static names `<module>`, `<lambda>`, `<listcomp>`, ...
//! - The filename is one object shared by every code object, also held by the caller of `compile()`.
//! - `co_code` is a cached deoptimised copy (refcount 2), never shared; `co_localspluskinds` is a fresh bytes object
//!   (the `b''` singleton when empty); nested code objects are held once.
//! - `co_qualname` is the `co_name` object when they are equal (a top-level or `global` definition); otherwise it is
//!   a fresh string, except in a class body, whose first constant is that same qualname object.
//! - While a frozenset is written, `marshal.c` holds each item in a list of sort keys, so every item is flagged.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::ToPrimitive;
use pyfront::wtf8::Wtf8;

use crate::code::{CodeObject, Constant, flags};

/// What `dumps` is asked to write: a code object or a bare constant (both held by the caller, hence flagged).
pub(crate) enum Root<'a> {
    Code(&'a CodeObject),
    Const(&'a Constant),
}

/// Which kind of str object a position holds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum StrKind {
    /// An interned str: names, localsplus names, identifier-like `co_name`.
    Interned,
    /// A static, immortal name such as `<module>` (not interned).
    Static,
    /// The filename object shared by all code objects.
    Filename,
    /// A fresh composite qualname, held only by its code object (identified by the code object's address).
    Fresh(usize),
    /// A class body's qualname, also its first constant. `compiler_class` loads the qualname object as a constant,
    /// so they are one object, unless an equal constant was in the constant cache already (another class of the
    /// same qualname, compiled earlier): then the cached object is the constant and the qualname stays fresh.
    ClassQualname(usize),
}

/// Which kind of bytes object a position holds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum BytesKind {
    /// Merged through the constant cache: bytes constants, linetables and exception tables.
    Merged,
    /// `co_code` of the code object at this address.
    CoCode(usize),
    /// `co_localspluskinds` of the code object at this address.
    Kinds(usize),
}

/// One position in the tree, as marshal visits it.
#[derive(Clone, Copy)]
pub(crate) enum Node<'a> {
    Code(&'a CodeObject),
    Const(&'a Constant),
    Str(&'a str, StrKind),
    Bytes(&'a [u8], BytesKind),
    /// A tuple of interned strs (`co_names`, `co_localsplusnames`).
    Names(&'a [Rc<str>]),
    /// `co_consts`, a tuple merged like a tuple constant.
    Consts(&'a [Constant]),
}

/// Whether a str constant is interned: `all_name_chars` of `Objects/codeobject.c` (the str constants `_PyCode_New`
/// interns), or `'*'`, a one-character singleton that CPython has already interned at startup, in every process.
pub(crate) fn all_name_chars(s: &Wtf8) -> bool {
    *s == "*" || s.as_bytes().iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The names CPython's compiler uses as static, immortal string objects.
fn is_static_name(s: &str) -> bool {
    matches!(s, "<module>" | "<lambda>" | "<listcomp>" | "<setcomp>" | "<dictcomp>" | "<genexpr>")
}

/// The `co_name` position of a code object.
pub(crate) fn name_kind(code: &CodeObject) -> StrKind {
    if is_static_name(&code.name) { StrKind::Static } else { StrKind::Interned }
}

/// The `co_qualname` position of a code object.
pub(crate) fn qualname_kind(code: &CodeObject) -> StrKind {
    if code.qualname == code.name {
        return name_kind(code);
    }
    let at = code as *const CodeObject as usize;
    let class_body = code.flags & flags::OPTIMIZED == 0 && &*code.name != "<module>";
    if class_body && matches!(code.consts.first(), Some(Constant::Str(s)) if **s == *code.qualname) {
        return StrKind::ClassQualname(at);
    }
    StrKind::Fresh(at)
}

fn push_len(key: &mut Vec<u8>, n: usize) {
    key.extend_from_slice(&(n as u64).to_le_bytes());
}

/// `_PyCode_ConstantKey`, as bytes: equal keys are one object after constant merging. Types stay apart (`1`, `1.0`
/// and `True` differ), and so do `0.0` and `-0.0` (compared by bits).
pub(crate) fn const_key(c: &Constant, key: &mut Vec<u8>) {
    match c {
        Constant::None => key.push(b'N'),
        Constant::False => key.push(b'F'),
        Constant::True => key.push(b'T'),
        Constant::Ellipsis => key.push(b'.'),
        Constant::Int(i) => {
            key.push(b'i');
            let b = i.to_signed_bytes_le();
            push_len(key, b.len());
            key.extend_from_slice(&b);
        }
        Constant::Float(f) => {
            key.push(b'g');
            key.extend_from_slice(&f.to_bits().to_le_bytes());
        }
        Constant::Complex { re, im } => {
            key.push(b'y');
            key.extend_from_slice(&re.to_bits().to_le_bytes());
            key.extend_from_slice(&im.to_bits().to_le_bytes());
        }
        Constant::Str(s) => str_key(s, key),
        Constant::Bytes(b) => bytes_key(b, key),
        Constant::Tuple(items) => {
            key.push(b'(');
            push_len(key, items.len());
            for item in items.iter() {
                const_key(item, key);
            }
        }
        Constant::FrozenSet(items) => {
            // The key of a frozenset is the frozenset of its items' keys: order does not matter.
            let mut keys: Vec<Vec<u8>> = items
                .iter()
                .map(|item| {
                    let mut k = Vec::new();
                    const_key(item, &mut k);
                    k
                })
                .collect();
            keys.sort();
            key.push(b'>');
            push_len(key, keys.len());
            for k in keys {
                key.extend_from_slice(&k);
            }
        }
        Constant::Code(code) => {
            key.push(b'c');
            push_len(key, Rc::as_ptr(code) as usize);
        }
    }
}

fn str_key(s: &Wtf8, key: &mut Vec<u8>) {
    key.push(b'u');
    push_len(key, s.len());
    key.extend_from_slice(s.as_bytes());
}

fn bytes_key(b: &[u8], key: &mut Vec<u8>) {
    key.push(b's');
    push_len(key, b.len());
    key.extend_from_slice(b);
}

impl<'a> Node<'a> {
    /// The identity of the object at this position: two positions with the same key hold one object.
    pub(crate) fn object_key(&self, model: &Model) -> Vec<u8> {
        let mut key = Vec::new();
        match *self {
            Node::Const(Constant::Str(s)) if is_singleton_str(s) => {
                // One-character Latin-1 strs (and '') are singletons: one object whatever the position.
                key.push(b'1');
                str_key(s, &mut key);
            }
            Node::Str(s, StrKind::Interned) if is_singleton_str(Wtf8::new(s)) => {
                key.push(b'1');
                str_key(Wtf8::new(s), &mut key);
            }
            Node::Str(s, StrKind::ClassQualname(at)) if !model.class_qualname_is_const.contains(&at) => {
                key.push(b'Q');
                push_len(&mut key, at);
                str_key(Wtf8::new(s), &mut key);
            }
            Node::Code(code) => {
                key.push(b'c');
                push_len(&mut key, code as *const CodeObject as usize);
            }
            Node::Const(Constant::Str(s)) => {
                key.push(if all_name_chars(s) { b'I' } else { b'S' });
                str_key(s, &mut key);
            }
            Node::Const(c @ Constant::FrozenSet(items)) if frozenset_is_rebuilt(items, &model.names) => {
                key.push(b'R');
                push_len(&mut key, c as *const Constant as usize);
            }
            Node::Const(c) => const_key(c, &mut key),
            Node::Str(s, kind) => {
                match kind {
                    StrKind::Interned => key.push(b'I'),
                    StrKind::Static => key.push(b'M'),
                    StrKind::Filename => key.push(b'P'),
                    StrKind::Fresh(at) => {
                        key.push(b'Q');
                        push_len(&mut key, at);
                    }
                    StrKind::ClassQualname(_) => key.push(if all_name_chars(Wtf8::new(s)) { b'I' } else { b'S' }),
                }
                str_key(Wtf8::new(s), &mut key);
            }
            Node::Bytes(b, kind) => match kind {
                BytesKind::Kinds(_) if b.is_empty() => bytes_key(b, &mut key),
                BytesKind::Merged => bytes_key(b, &mut key),
                BytesKind::CoCode(at) | BytesKind::Kinds(at) => {
                    key.push(if matches!(kind, BytesKind::CoCode(_)) { b'C' } else { b'K' });
                    push_len(&mut key, at);
                }
            },
            Node::Names(names) => {
                key.push(b'(');
                push_len(&mut key, names.len());
                for n in names {
                    str_key(Wtf8::new(n), &mut key);
                }
            }
            Node::Consts(items) => {
                key.push(b'(');
                push_len(&mut key, items.len());
                for item in items {
                    const_key(item, &mut key);
                }
            }
        }
        key
    }

    /// Whether the object is written as a bare type byte, never flagged (`None`, `True`, `False`, `...`).
    pub(crate) fn is_singleton_constant(&self) -> bool {
        matches!(self, Node::Const(Constant::None | Constant::True | Constant::False | Constant::Ellipsis))
    }

    /// Whether the str at this position is interned (marshal's capital type codes, and always flagged).
    pub(crate) fn is_interned(&self, model: &Model) -> bool {
        match *self {
            Node::Const(Constant::Str(s)) if is_singleton_str(s) => {
                all_name_chars(s) || s.as_str().is_some_and(|t| model.interned_singletons.contains(t))
            }
            Node::Const(Constant::Str(s)) => all_name_chars(s),
            Node::Str(_, StrKind::Interned) => true,
            Node::Str(s, StrKind::ClassQualname(at)) => {
                model.class_qualname_is_const.contains(&at) && all_name_chars(Wtf8::new(s))
            }
            _ => false,
        }
    }

    /// Whether something outside the tree also holds the object (a singleton, a static, the filename, `co_code`).
    pub(crate) fn held_elsewhere(&self) -> bool {
        match *self {
            Node::Code(_) => false,
            Node::Const(c) => match c {
                Constant::Int(i) => i.to_i32().is_some_and(|v| (-5..=256).contains(&v)),
                Constant::Str(s) => is_singleton_str(s),
                Constant::Bytes(b) => b.len() <= 1,
                Constant::Tuple(t) => t.is_empty(),
                Constant::FrozenSet(t) => t.is_empty(),
                _ => false,
            },
            Node::Str(s, kind) => match kind {
                StrKind::Static | StrKind::Filename => true,
                StrKind::Fresh(_) | StrKind::ClassQualname(_) => false,
                StrKind::Interned => is_singleton_str(Wtf8::new(s)),
            },
            Node::Bytes(b, kind) => match kind {
                BytesKind::CoCode(_) => true,
                // A fresh bytes object of size 1 is not the one-byte singleton; only b'' is shared.
                BytesKind::Kinds(_) => b.is_empty(),
                BytesKind::Merged => b.is_empty(),
            },
            Node::Names(n) => n.is_empty(),
            Node::Consts(c) => c.is_empty(),
        }
    }

    /// The positions inside this object, in marshal's order (frozenset items unsorted).
    pub(crate) fn children(&self, out: &mut Vec<Node<'a>>) {
        match *self {
            Node::Code(code) => {
                let at = code as *const CodeObject as usize;
                out.push(Node::Bytes(&code.code, BytesKind::CoCode(at)));
                out.push(Node::Consts(&code.consts));
                out.push(Node::Names(&code.names));
                out.push(Node::Names(&code.localsplusnames));
                out.push(Node::Bytes(&code.localspluskinds, BytesKind::Kinds(at)));
                out.push(Node::Str(&code.filename, StrKind::Filename));
                out.push(Node::Str(&code.name, name_kind(code)));
                out.push(Node::Str(&code.qualname, qualname_kind(code)));
                out.push(Node::Bytes(&code.linetable, BytesKind::Merged));
                out.push(Node::Bytes(&code.exceptiontable, BytesKind::Merged));
            }
            Node::Const(Constant::Tuple(items) | Constant::FrozenSet(items)) => {
                out.extend(items.iter().map(Node::Const));
            }
            Node::Consts(items) => out.extend(items.iter().map(Node::Const)),
            Node::Names(names) => out.extend(names.iter().map(|n| Node::Str(n, StrKind::Interned))),
            Node::Const(Constant::Code(code)) => Node::Code(code).children(out),
            _ => {}
        }
    }
}

/// Whether `_PyCode_New` gives its code object a private copy of this frozenset constant.
///
/// `intern_string_constants` interns the identifier-like str items of a frozenset and, if any item object was
/// replaced by an already-interned equal str, builds a new frozenset for that code object, leaving the shared one
/// in the constant cache untouched (so every code object using it builds its own). A str constant is a different
/// object from an equal identifier, which the parser interned before compiling, so an item is replaced when it is
/// also a name somewhere in the module, or one of the names CPython interned at startup (`startup_interned.rs`,
/// builtin names and attributes of builtin types: an approximation of the process state). `''` and one-character
/// ASCII strs are always replaced: CPython interned other objects of those values at startup.
fn frozenset_is_rebuilt(items: &[Constant], names: &HashSet<Rc<str>>) -> bool {
    items.iter().any(|c| matches!(c, Constant::Str(s) if all_name_chars(s) && s.as_str().is_some_and(|t| t.len() <= 1 || names.contains(t) || startup_interned(t))))
}

fn startup_interned(s: &str) -> bool {
    super::startup_interned::STARTUP_INTERNED.binary_search(&s).is_ok()
}

fn is_singleton_str(s: &Wtf8) -> bool {
    let mut chars = s.code_points();
    match (chars.next(), chars.next()) {
        (None, _) => true,
        (Some(c), None) => c < 256,
        _ => false,
    }
}

/// What the writer needs to know about the tree: how many positions hold each object (children of a shared object
/// counted once), and the identity facts that depend on compile order or on other positions.
pub(crate) struct Model {
    counts: HashMap<Vec<u8>, u32>,
    /// Class bodies (by address) whose qualname is the same object as their first constant.
    class_qualname_is_const: HashSet<usize>,
    /// One-character strs that are interned because some name in the tree is that singleton.
    interned_singletons: HashSet<String>,
    /// Every name of the tree (`co_names`, `co_localsplusnames`, `co_name`): identifiers the parser interned.
    names: HashSet<Rc<str>>,
}

impl Model {
    /// Walks the tree in marshal's pre-order, which is also the order in which the compiler first met each
    /// constant.
    pub(crate) fn build(root: Node<'_>) -> Model {
        let mut model = Model {
            counts: HashMap::new(),
            class_qualname_is_const: HashSet::new(),
            interned_singletons: HashSet::new(),
            names: HashSet::new(),
        };
        collect_names(root, &mut model.names);
        let mut stack = vec![root];
        let mut children = Vec::new();
        while let Some(node) = stack.pop() {
            if node.is_singleton_constant() {
                continue;
            }
            match node {
                Node::Code(_) | Node::Const(Constant::Code(_)) => {
                    let code: &CodeObject = match node {
                        Node::Const(Constant::Code(c)) => c,
                        Node::Code(c) => c,
                        _ => continue,
                    };
                    if let StrKind::ClassQualname(at) = qualname_kind(code) {
                        let mut key = Vec::new();
                        key.push(if all_name_chars(Wtf8::new(&code.qualname)) { b'I' } else { b'S' });
                        str_key(Wtf8::new(&code.qualname), &mut key);
                        if model.get(&key) == 0 {
                            model.class_qualname_is_const.insert(at);
                        }
                    }
                }
                Node::Str(s, StrKind::Interned) if is_singleton_str(Wtf8::new(s)) => {
                    model.interned_singletons.insert(s.to_owned());
                }
                _ => {}
            }
            let key = node.object_key(&model);
            let n = model.counts.entry(key).or_insert(0);
            *n += 1;
            if *n == 1 {
                children.clear();
                node.children(&mut children);
                stack.extend(children.drain(..).rev());
            }
        }
        model
    }

    pub(crate) fn get(&self, key: &[u8]) -> u32 {
        self.counts.get(key).copied().unwrap_or(0)
    }
}

fn collect_names(node: Node<'_>, names: &mut HashSet<Rc<str>>) {
    let code: &CodeObject = match node {
        Node::Code(code) => code,
        Node::Const(Constant::Code(code)) => code,
        Node::Const(Constant::Tuple(items)) => {
            items.iter().for_each(|c| collect_names(Node::Const(c), names));
            return;
        }
        _ => return,
    };
    names.extend(code.names.iter().cloned());
    names.extend(code.localsplusnames.iter().cloned());
    names.insert(code.name.clone());
    code.consts.iter().for_each(|c| collect_names(Node::Const(c), names));
}

/// `int` fits marshal's `i` record (a signed 32-bit value).
pub(crate) fn as_i32(i: &BigInt) -> Option<i32> {
    i.to_i32()
}
