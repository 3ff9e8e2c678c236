//! The marshal writer: `w_object` / `w_complex_object` of `Python/marshal.c`, with `w_ref` deciding flags and refs
//! from the identity model of `identity.rs`.

use std::collections::HashMap;

use num_bigint::Sign;
use pyfront::wtf8::Wtf8;

use super::identity::{Model, Node, Root, as_i32};
use super::{MAX_DEPTH, MarshalError};
use crate::code::{CodeObject, Constant};

const FLAG_REF: u8 = 0x80;

pub(crate) fn dumps(root: &Root<'_>) -> Result<Vec<u8>, MarshalError> {
    let node = match *root {
        Root::Code(code) => Node::Code(code),
        Root::Const(c) => Node::Const(c),
    };
    let counts = Model::build(node);
    let mut w = Writer::new(&counts);
    // The caller holds the root object too, so it is flagged like any shared object.
    w.object(node, true)?;
    Ok(w.out)
}

struct Writer<'c> {
    out: Vec<u8>,
    model: &'c Model,
    /// Flagged objects by identity key, with their ref index (`p->hashtable`).
    refs: HashMap<Vec<u8>, u32>,
    depth: usize,
}

impl<'c> Writer<'c> {
    fn new(model: &'c Model) -> Writer<'c> {
        Writer { out: Vec::new(), model, refs: HashMap::new(), depth: 0 }
    }

    fn long(&mut self, v: i32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }

    fn size(&mut self, n: usize) -> Result<(), MarshalError> {
        let n = i32::try_from(n).map_err(|_| MarshalError::value("unmarshallable object"))?;
        self.long(n);
        Ok(())
    }

    /// `w_object`: `held` says the object is held by one more reference than the tree accounts for.
    fn object(&mut self, node: Node<'_>, held: bool) -> Result<(), MarshalError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(MarshalError::value("object too deeply nested to marshal"));
        }
        let r = self.object_inner(node, held);
        self.depth -= 1;
        r
    }

    fn object_inner(&mut self, node: Node<'_>, held: bool) -> Result<(), MarshalError> {
        if let Node::Const(c @ (Constant::None | Constant::True | Constant::False | Constant::Ellipsis)) = node {
            self.out.push(match c {
                Constant::None => b'N',
                Constant::True => b'T',
                Constant::False => b'F',
                _ => b'.',
            });
            return Ok(());
        }
        // `w_ref`: a refcount of 1 means unshared, unless the object is an interned str.
        let key = node.object_key(self.model);
        let shared = held || node.held_elsewhere() || self.model.get(&key) > 1;
        let mut flag = 0;
        if shared || node.is_interned(self.model) {
            if let Some(&idx) = self.refs.get(&key) {
                self.out.push(b'r');
                self.long(idx as i32);
                return Ok(());
            }
            let idx = self.refs.len() as u32;
            self.refs.insert(key, idx);
            flag = FLAG_REF;
        }
        self.complex_object(node, flag)
    }

    /// `w_complex_object`.
    fn complex_object(&mut self, node: Node<'_>, flag: u8) -> Result<(), MarshalError> {
        let interned = node.is_interned(self.model);
        match node {
            Node::Code(code) => self.code(code, flag),
            Node::Const(Constant::Code(code)) => self.code(code, flag),
            Node::Str(s, _) => self.str(Wtf8::new(s), interned, flag),
            Node::Const(Constant::Str(s)) => self.str(s, interned, flag),
            Node::Bytes(b, _) => self.bytes(b, flag),
            Node::Const(Constant::Bytes(b)) => self.bytes(b, flag),
            Node::Names(names) => {
                self.tuple_header(names.len(), flag);
                for n in names {
                    self.object(Node::Str(n, super::identity::StrKind::Interned), false)?;
                }
                Ok(())
            }
            Node::Consts(items) => self.tuple(items, flag),
            Node::Const(Constant::Tuple(items)) => self.tuple(items, flag),
            Node::Const(Constant::FrozenSet(items)) => self.frozenset(items, flag),
            Node::Const(Constant::Int(i)) => {
                if let Some(v) = as_i32(i) {
                    self.out.push(b'i' | flag);
                    self.long(v);
                } else {
                    self.out.push(b'l' | flag);
                    let (sign, digits) = digits15(i);
                    let n = i32::try_from(digits.len()).map_err(|_| MarshalError::value("int too large"))?;
                    self.long(if sign == Sign::Minus { -n } else { n });
                    for d in digits {
                        self.out.extend_from_slice(&d.to_le_bytes());
                    }
                }
                Ok(())
            }
            Node::Const(Constant::Float(f)) => {
                self.out.push(b'g' | flag);
                self.out.extend_from_slice(&f.to_le_bytes());
                Ok(())
            }
            Node::Const(Constant::Complex { re, im }) => {
                self.out.push(b'y' | flag);
                self.out.extend_from_slice(&re.to_le_bytes());
                self.out.extend_from_slice(&im.to_le_bytes());
                Ok(())
            }
            Node::Const(Constant::None | Constant::True | Constant::False | Constant::Ellipsis) => Ok(()),
        }
    }

    /// `w_object` for a str: short forms for ASCII, else UTF-8 with `surrogatepass` (lone surrogates as 3 bytes).
    fn str(&mut self, s: &Wtf8, interned: bool, flag: u8) -> Result<(), MarshalError> {
        if s.is_ascii() {
            if s.len() < 256 {
                self.out.push(if interned { b'Z' } else { b'z' } | flag);
                self.out.push(s.len() as u8);
            } else {
                self.out.push(if interned { b'A' } else { b'a' } | flag);
                self.size(s.len())?;
            }
        } else {
            self.out.push(if interned { b't' } else { b'u' } | flag);
            self.size(s.len())?;
        }
        self.out.extend_from_slice(s.as_bytes());
        Ok(())
    }

    fn bytes(&mut self, b: &[u8], flag: u8) -> Result<(), MarshalError> {
        self.out.push(b's' | flag);
        self.size(b.len())?;
        self.out.extend_from_slice(b);
        Ok(())
    }

    fn tuple_header(&mut self, n: usize, flag: u8) {
        if n < 256 {
            self.out.push(b')' | flag);
            self.out.push(n as u8);
        } else {
            self.out.push(b'(' | flag);
            self.long(n as i32);
        }
    }

    fn tuple(&mut self, items: &[Constant], flag: u8) -> Result<(), MarshalError> {
        if i32::try_from(items.len()).is_err() {
            return Err(MarshalError::value("unmarshallable object"));
        }
        self.tuple_header(items.len(), flag);
        for item in items {
            self.object(Node::Const(item), false)?;
        }
        Ok(())
    }

    /// Items are written in the order of `sorted(items, key=marshal.dumps)` (bpo-37596), each dumped on its own;
    /// while they are written, the list of sort keys holds them, so each is flagged.
    fn frozenset(&mut self, items: &[Constant], flag: u8) -> Result<(), MarshalError> {
        self.out.push(b'>' | flag);
        self.size(items.len())?;
        let mut keyed = Vec::with_capacity(items.len());
        for item in items {
            let mut alone = Writer::new(self.model);
            alone.depth = self.depth;
            alone.object(Node::Const(item), false)?;
            keyed.push((alone.out, item));
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, item) in keyed {
            self.object(Node::Const(item), true)?;
        }
        Ok(())
    }

    fn code(&mut self, code: &CodeObject, flag: u8) -> Result<(), MarshalError> {
        self.out.push(b'c' | flag);
        for v in [code.argcount, code.posonlyargcount, code.kwonlyargcount, code.stacksize, code.flags] {
            self.long(v as i32);
        }
        let mut children = Vec::with_capacity(11);
        Node::Code(code).children(&mut children);
        for (i, child) in children.into_iter().enumerate() {
            if i == 8 {
                self.long(code.firstlineno as i32);
            }
            self.object(child, false)?;
        }
        Ok(())
    }
}

/// The magnitude of `i` in base 2**15, least significant digit first, with no leading zero digits.
fn digits15(i: &num_bigint::BigInt) -> (Sign, Vec<u16>) {
    let (sign, words) = i.to_u32_digits();
    let total_bits = words.len() * 32;
    let mut out = Vec::with_capacity(total_bits / 15 + 1);
    let mut bit = 0;
    while bit < total_bits {
        let w = bit / 32;
        let off = bit % 32;
        let mut v = (words[w] >> off) as u64;
        if off > 17 && w + 1 < words.len() {
            v |= (words[w + 1] as u64) << (32 - off);
        }
        out.push((v & 0x7FFF) as u16);
        bit += 15;
    }
    while out.last() == Some(&0) {
        out.pop();
    }
    (sign, out)
}
