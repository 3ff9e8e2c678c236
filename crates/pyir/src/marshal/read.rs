//! The marshal reader: `r_object` of `Python/marshal.c`, returning errors where CPython raises them.

use std::rc::Rc;

use num_bigint::{BigInt, BigUint, Sign};
use pyfront::wtf8::Wtf8;

use super::{MAX_DEPTH, MarshalError, MarshalErrorKind, Value};
use crate::code::CodeObject;

const FLAG_REF: u8 = 0x80;

pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    /// Objects registered with `FLAG_REF`, by index; `None` while an object is still being read (a code object or a
    /// container), so a ref to it fails instead of seeing half an object.
    refs: Vec<Option<Value>>,
}

fn too_short() -> MarshalError {
    MarshalError::eof("marshal data too short")
}

fn eof_object() -> MarshalError {
    MarshalError::eof("EOF read where object expected")
}

/// The `UnicodeDecodeError` message of CPython's UTF-8 decoder for invalid input.
fn utf8_error(bytes: &[u8], err: std::str::Utf8Error) -> MarshalError {
    let at = err.valid_up_to();
    let byte = bytes[at];
    let reason = match err.error_len() {
        None => "unexpected end of data",
        Some(_) if (0xC2..=0xF4).contains(&byte) => "invalid continuation byte",
        Some(_) => "invalid start byte",
    };
    MarshalError::new(
        MarshalErrorKind::UnicodeDecodeError,
        format!("'utf-8' codec can't decode byte 0x{byte:02x} in position {at}: {reason}"),
    )
}

impl<'a> Reader<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Reader<'a> {
        Reader { data, pos: 0, refs: Vec::new() }
    }

    /// `read_object`: one object, which may not be the NULL marker.
    pub(crate) fn read_top(mut self) -> Result<Value, MarshalError> {
        self.object()?
            .ok_or_else(|| MarshalError::new(MarshalErrorKind::TypeError, "NULL object in marshal data for object"))
    }

    fn byte(&mut self) -> Option<u8> {
        let b = self.data.get(self.pos).copied();
        if b.is_some() {
            self.pos += 1;
        }
        b
    }

    fn bytes(&mut self, n: usize) -> Result<&'a [u8], MarshalError> {
        if self.data.len() - self.pos < n {
            return Err(too_short());
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn long(&mut self) -> Result<i32, MarshalError> {
        let b = self.bytes(4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn short(&mut self) -> Result<u16, MarshalError> {
        let b = self.bytes(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn double(&mut self) -> Result<f64, MarshalError> {
        let b = self.bytes(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(f64::from_le_bytes(a))
    }

    /// A u32 size field, refused when negative as CPython does (`SIZE32_MAX` equals `i32::MAX`).
    fn size(&mut self, what: &str) -> Result<usize, MarshalError> {
        let n = self.long()?;
        usize::try_from(n).map_err(|_| MarshalError::value(format!("bad marshal data ({what} size out of range)")))
    }

    /// The old text float format (`f`/`x`): a length byte, then the repr.
    fn float_str(&mut self) -> Result<f64, MarshalError> {
        let n = self.byte().ok_or_else(eof_object)? as usize;
        let text = self.bytes(n)?;
        let text = std::str::from_utf8(text).ok().map(str::trim);
        let parsed = text.and_then(|t| match t.to_ascii_lowercase().as_str() {
            "inf" | "+inf" | "infinity" | "+infinity" => Some(f64::INFINITY),
            "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
            "nan" | "+nan" => Some(f64::NAN),
            "-nan" => Some(-f64::NAN),
            other => other.parse::<f64>().ok(),
        });
        parsed.ok_or_else(|| {
            MarshalError::value(format!("could not convert string to float: '{}'", text.unwrap_or_default()))
        })
    }

    fn reserve(&mut self, flag: bool) -> Option<usize> {
        flag.then(|| {
            self.refs.push(None);
            self.refs.len() - 1
        })
    }

    fn insert(&mut self, idx: Option<usize>, v: &Value) {
        if let Some(i) = idx {
            self.refs[i] = Some(v.clone());
        }
    }

    /// `r_object`, without recursion: containers being filled wait on an explicit stack, so nesting is bounded by
    /// `MAX_DEPTH` alone and not by the Rust stack. `Ok(None)` is the NULL marker (`0`), which only dicts accept
    /// (as their terminator).
    fn object(&mut self) -> Result<Option<Value>, MarshalError> {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            // A code record's firstlineno sits between its eighth and ninth objects.
            if let Some(Frame::Code(c)) = stack.last_mut()
                && c.fields.len() == 8
                && c.firstlineno.is_none()
            {
                c.firstlineno = Some(self.long()?);
            }
            let code = self.byte().ok_or_else(eof_object)?;
            if stack.len() + 1 > MAX_DEPTH {
                return Err(MarshalError::value("recursion limit exceeded"));
            }
            let mut produced = match self.atom(code)? {
                Atom::Done(v) => v,
                Atom::Open(frame) => {
                    stack.push(frame);
                    match stack.last_mut().and_then(Frame::ready) {
                        Some(()) => self.close(stack.pop())?,
                        None => continue,
                    }
                }
            };
            // Hand the finished object to the containers waiting for it, closing those it completes.
            loop {
                let Some(top) = stack.last_mut() else { return Ok(produced) };
                if !top.accept(produced)? {
                    break;
                }
                produced = self.close(stack.pop())?;
            }
        }
    }

    /// Reads the object whose type byte is `code`: a whole scalar, or the header of a container.
    fn atom(&mut self, code: u8) -> Result<Atom, MarshalError> {
        let flag = code & FLAG_REF != 0;
        let ty = code & !FLAG_REF;
        let simple = match ty {
            b'0' => return Ok(Atom::Done(None)),
            b'N' => return Ok(Atom::Done(Some(Value::None))),
            b'S' => return Ok(Atom::Done(Some(Value::StopIteration))),
            b'.' => return Ok(Atom::Done(Some(Value::Ellipsis))),
            b'F' => return Ok(Atom::Done(Some(Value::False))),
            b'T' => return Ok(Atom::Done(Some(Value::True))),
            b'i' => Value::Int(BigInt::from(self.long()?)),
            b'I' => {
                let b = self.bytes(8)?;
                Value::Int(BigInt::from_signed_bytes_le(b))
            }
            b'l' => Value::Int(self.long_int()?),
            b'f' => Value::Float(self.float_str()?),
            b'g' => Value::Float(self.double()?),
            b'x' => {
                let re = self.float_str()?;
                let im = self.float_str()?;
                Value::Complex { re, im }
            }
            b'y' => {
                let re = self.double()?;
                let im = self.double()?;
                Value::Complex { re, im }
            }
            b's' => {
                let n = self.size("bytes object")?;
                Value::Bytes(Rc::from(self.bytes(n)?))
            }
            b'a' | b'A' => {
                let n = self.size("string")?;
                Value::Str(latin1(self.bytes(n)?))
            }
            b'z' | b'Z' => {
                let n = self.byte().ok_or_else(eof_object)? as usize;
                Value::Str(latin1(self.bytes(n)?))
            }
            b'u' | b't' => {
                let n = self.size("string")?;
                let raw = self.bytes(n)?;
                Value::Str(decode_utf8_surrogatepass(raw)?.to_rc())
            }
            b'r' => {
                let n = self.long()?;
                return match usize::try_from(n).ok().and_then(|i| self.refs.get(i)) {
                    Some(Some(v)) => Ok(Atom::Done(Some(v.clone()))),
                    _ => Err(MarshalError::value("bad marshal data (invalid reference)")),
                };
            }
            b'(' | b')' | b'[' | b'<' | b'>' => {
                let (kind, n) = match ty {
                    b')' => (
                        SeqKind::Tuple,
                        self.byte().ok_or_else(|| MarshalError::eof("EOF read where not expected"))? as usize,
                    ),
                    b'(' => (SeqKind::Tuple, self.size("tuple")?),
                    b'[' => (SeqKind::List, self.size("list")?),
                    b'<' => (SeqKind::Set, self.size("set")?),
                    _ => (SeqKind::FrozenSet, self.size("set")?),
                };
                let idx = self.reserve(flag);
                let items = Vec::with_capacity(n.min(self.data.len() - self.pos));
                return Ok(Atom::Open(Frame::Seq { kind, n, items, idx }));
            }
            b'{' => {
                let idx = self.reserve(flag);
                return Ok(Atom::Open(Frame::Dict { pairs: Vec::new(), key: None, done: false, idx }));
            }
            b'c' => {
                let idx = self.reserve(flag);
                let mut ints = [0i32; 5];
                for v in &mut ints {
                    *v = self.long()?;
                }
                return Ok(Atom::Open(Frame::Code(Box::new(CodeFrame {
                    ints,
                    fields: Vec::with_capacity(10),
                    firstlineno: None,
                    idx,
                    null: false,
                }))));
            }
            _ => return Err(MarshalError::value("bad marshal data (unknown type code)")),
        };
        if flag {
            self.refs.push(Some(simple.clone()));
        }
        Ok(Atom::Done(Some(simple)))
    }

    /// Turns a completed frame into its object and registers it under its reserved ref index.
    fn close(&mut self, frame: Option<Frame>) -> Result<Option<Value>, MarshalError> {
        let (v, idx) = match frame {
            None => return Ok(None),
            Some(Frame::Seq { kind, items, idx, .. }) => (
                match kind {
                    SeqKind::Tuple => Value::Tuple(items.into()),
                    SeqKind::List => Value::List(items.into()),
                    SeqKind::Set => Value::Set(items.into()),
                    SeqKind::FrozenSet => Value::FrozenSet(items.into()),
                },
                idx,
            ),
            Some(Frame::Dict { pairs, idx, .. }) => (Value::Dict(pairs.into()), idx),
            Some(Frame::Code(c)) => {
                // A NULL field makes CPython abandon the record without setting an error, so the caller reports a
                // NULL object where it expected one.
                if c.null {
                    return Ok(None);
                }
                let idx = c.idx;
                (Value::Code(Rc::new(build_code(*c)?)), idx)
            }
        };
        self.insert(idx, &v);
        Ok(Some(v))
    }

    /// `r_PyLong`: a signed count of base-2**15 digits, least significant first.
    fn long_int(&mut self) -> Result<BigInt, MarshalError> {
        let n = self.long()?;
        if n == 0 {
            return Ok(BigInt::from(0));
        }
        if n == i32::MIN {
            return Err(MarshalError::value("bad marshal data (long size out of range)"));
        }
        let count = n.unsigned_abs() as usize;
        let mut bits = BitPacker::default();
        for i in 0..count {
            let d = self.short()?;
            if d >= 1 << 15 {
                return Err(MarshalError::value("bad marshal data (digit out of range in long)"));
            }
            // CPython checks only the top 15-bit digit of the top 30-bit digit for zero.
            if d == 0 && i == count - 1 {
                return Err(MarshalError::value("bad marshal data (unnormalized long data)"));
            }
            bits.push15(u32::from(d));
        }
        let mag = BigUint::new(bits.words);
        Ok(BigInt::from_biguint(if n < 0 { Sign::Minus } else { Sign::Plus }, mag))
    }
}

/// A code record (`c`), validated as `_PyCode_Validate` and `_PyCode_New` do.
fn build_code(frame: CodeFrame) -> Result<CodeObject, MarshalError> {
    let [argcount, posonlyargcount, kwonlyargcount, stacksize, flags] = frame.ints;
    let firstlineno = frame.firstlineno.unwrap_or(0);
    let fields: [Value; 10] = frame.fields.try_into().map_err(|_| bad_internal())?;
    let [code, consts, names, lpnames, lpkinds, filename, name, qualname, linetable, exceptiontable] = fields;
    let as_bytes = |v: &Value| match v {
        Value::Bytes(b) => Some(b.to_vec()),
        _ => None,
    };
    let as_str = |v: &Value| match v {
        Value::Str(s) => rc_str(s).ok(),
        _ => None,
    };
    let as_tuple = |v: &Value| match v {
        Value::Tuple(t) => Some(t.clone()),
        _ => None,
    };
    let (
        Some(code),
        Some(consts),
        Some(names),
        Some(lpnames),
        Some(lpkinds),
        Some(filename),
        Some(name),
        Some(qualname),
        Some(linetable),
        Some(exceptiontable),
    ) = (
        as_bytes(&code),
        as_tuple(&consts),
        as_tuple(&names),
        as_tuple(&lpnames),
        as_bytes(&lpkinds),
        as_str(&filename),
        as_str(&name),
        as_str(&qualname),
        as_bytes(&linetable),
        as_bytes(&exceptiontable),
    )
    else {
        return Err(bad_internal());
    };
    if argcount < posonlyargcount
        || posonlyargcount < 0
        || kwonlyargcount < 0
        || stacksize < 0
        || flags < 0
        || lpnames.len() != lpkinds.len()
    {
        return Err(bad_internal());
    }
    if code.len() % 2 != 0 {
        return Err(MarshalError::value("code: co_code is malformed"));
    }
    let nlocals = lpkinds.iter().filter(|&&k| k & crate::code::kind::LOCAL != 0).count() as i64;
    let nplain = nlocals
        - i64::from(argcount)
        - i64::from(kwonlyargcount)
        - i64::from(flags as u32 & crate::code::flags::VARARGS != 0)
        - i64::from(flags as u32 & crate::code::flags::VARKEYWORDS != 0);
    if nplain < 0 {
        return Err(MarshalError::value("code: co_varnames is too small"));
    }
    let strings = |t: &[Value]| -> Result<Vec<Rc<str>>, MarshalError> {
        t.iter()
            .map(|v| match v {
                Value::Str(s) => rc_str(s),
                _ => Err(MarshalError::new(MarshalErrorKind::SystemError, "non-string found in code slot")),
            })
            .collect()
    };
    let names = strings(&names)?;
    let consts = consts
        .iter()
        .map(|v| {
            v.to_constant().ok_or_else(|| {
                MarshalError::new(
                    MarshalErrorKind::TypeError,
                    format!("unsupported constant type in a code object: {}", v.type_name()),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let localsplusnames = strings(&lpnames)?;
    Ok(CodeObject {
        argcount: argcount as u32,
        posonlyargcount: posonlyargcount as u32,
        kwonlyargcount: kwonlyargcount as u32,
        stacksize: stacksize as u32,
        flags: flags as u32,
        code,
        consts,
        names,
        localsplusnames,
        localspluskinds: lpkinds,
        filename,
        name,
        qualname,
        firstlineno: firstlineno as u32,
        linetable,
        exceptiontable,
    })
}

enum Atom {
    Done(Option<Value>),
    Open(Frame),
}

#[derive(Clone, Copy)]
enum SeqKind {
    Tuple,
    List,
    Set,
    FrozenSet,
}

/// A container whose items are still being read.
enum Frame {
    Seq { kind: SeqKind, n: usize, items: Vec<Value>, idx: Option<usize> },
    Dict { pairs: Vec<(Value, Value)>, key: Option<Value>, done: bool, idx: Option<usize> },
    Code(Box<CodeFrame>),
}

struct CodeFrame {
    ints: [i32; 5],
    fields: Vec<Value>,
    firstlineno: Option<i32>,
    idx: Option<usize>,
    null: bool,
}

impl Frame {
    /// `Some(())` when the frame needs no item at all (an empty sequence).
    fn ready(&mut self) -> Option<()> {
        matches!(self, Frame::Seq { n: 0, .. }).then_some(())
    }

    /// Takes the next item; `Ok(true)` when the frame is complete.
    fn accept(&mut self, item: Option<Value>) -> Result<bool, MarshalError> {
        match self {
            Frame::Seq { kind, n, items, .. } => {
                let Some(item) = item else {
                    let what = match kind {
                        SeqKind::Tuple => "tuple",
                        SeqKind::List => "list",
                        SeqKind::Set | SeqKind::FrozenSet => "set",
                    };
                    return Err(null_in(what));
                };
                items.push(item);
                Ok(items.len() == *n)
            }
            Frame::Dict { pairs, key, done, .. } => {
                match (key.take(), item) {
                    (None, Some(k)) => *key = Some(k),
                    (Some(k), Some(v)) => pairs.push((k, v)),
                    // A NULL key or value ends the dict.
                    (_, None) => *done = true,
                }
                Ok(*done)
            }
            Frame::Code(c) => {
                match item {
                    Some(v) => c.fields.push(v),
                    None => c.null = true,
                }
                Ok(c.null || c.fields.len() == 10)
            }
        }
    }
}

/// A name of a code object as `Rc<str>`: identifiers and file names with lone surrogates are not supported (FIXME:
/// CPython accepts them in hand-made marshal data; no compiler produces them).
fn rc_str(s: &Wtf8) -> Result<Rc<str>, MarshalError> {
    s.as_str()
        .map(Rc::from)
        .ok_or_else(|| MarshalError::value("bad marshal data (lone surrogates in names are not supported)"))
}

fn bad_internal() -> MarshalError {
    MarshalError::new(MarshalErrorKind::SystemError, "Objects/codeobject.c:250: bad argument to internal function")
}

fn null_in(what: &str) -> MarshalError {
    MarshalError::new(MarshalErrorKind::TypeError, format!("NULL object in marshal data for {what}"))
}

fn latin1(bytes: &[u8]) -> Rc<Wtf8> {
    if let Some(ascii) = bytes.is_ascii().then(|| Wtf8::from_bytes(bytes)).flatten() {
        return ascii.to_rc();
    }
    Wtf8::new(&bytes.iter().map(|&b| char::from(b)).collect::<String>()).to_rc()
}

/// UTF-8 with CPython's `surrogatepass`: encoded lone surrogates are code points of the str.
fn decode_utf8_surrogatepass(raw: &[u8]) -> Result<&Wtf8, MarshalError> {
    if let Some(s) = Wtf8::from_bytes(raw) {
        return Ok(s);
    }
    // The error is where strict UTF-8 fails once each encoded surrogate is replaced by a valid 3-byte sequence.
    let mut masked = raw.to_vec();
    let mut i = 0;
    while i + 2 < masked.len() {
        if masked[i] == 0xED && (0xA0..=0xBF).contains(&masked[i + 1]) && (0x80..=0xBF).contains(&masked[i + 2]) {
            masked[i..i + 3].copy_from_slice("\u{fffd}".as_bytes());
            i += 3;
        } else {
            i += 1;
        }
    }
    match std::str::from_utf8(&masked) {
        Ok(_) => Err(bad_internal()),
        Err(e) => Err(utf8_error(&masked, e)),
    }
}

/// Packs 15-bit digits, least significant first, into 32-bit words.
#[derive(Default)]
struct BitPacker {
    words: Vec<u32>,
    nbits: u32,
}

impl BitPacker {
    fn push15(&mut self, d: u32) {
        let shift = self.nbits % 32;
        if shift == 0 {
            self.words.push(d);
        } else {
            let last = self.words.len() - 1;
            self.words[last] |= d << shift;
            if shift + 15 > 32 {
                self.words.push(d >> (32 - shift));
            }
        }
        self.nbits += 15;
    }
}
