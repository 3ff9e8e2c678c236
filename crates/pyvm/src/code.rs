//! Code objects as the VM runs them: pre-decoded instructions, constants converted to values, decoded positions.
//!
//! Decoding happens once per code object, so the dispatch loop reads a fixed-size `Instr` per step with the
//! EXTENDED_ARG prefixes already folded into its argument and jump targets already absolute.

use std::cell::{Cell, OnceCell};
use std::rc::Rc;

use pyir::code::{CodeObject, Constant, flags, kind};
use pyir::opcode::Opcode;

use crate::error::VmError;
use crate::set::{PySet, Table};
use crate::value::{PyStr, Value};

/// A decoded instruction. `len` is its size in code units (caches included), so the next instruction is at
/// `index + len`. For jumps, `arg` is the absolute target index in code units.
#[derive(Clone, Copy, Debug)]
pub struct Instr {
    pub op: Opcode,
    pub len: u8,
    pub arg: u32,
}

/// One exception table entry, in code units: instructions in `start..end` jump to `target` with the stack cut to
/// `depth` (and the raising instruction's index pushed first when `lasti`).
#[derive(Clone, Copy, Debug)]
pub struct ExcEntry {
    pub start: usize,
    pub end: usize,
    pub target: usize,
    pub depth: usize,
    pub lasti: bool,
}

fn parse_exception_table(b: &[u8]) -> Vec<ExcEntry> {
    let mut out = Vec::new();
    let mut i = 0;
    // Varints here are most significant chunk first, 6 bits per byte, bit 6 = more.
    let read = |i: &mut usize| -> usize {
        let mut v = 0usize;
        loop {
            let Some(&byte) = b.get(*i) else { return v };
            *i += 1;
            v = (v << 6) | (byte & 63) as usize;
            if byte & 64 == 0 {
                return v;
            }
        }
    };
    while i < b.len() {
        let start = read(&mut i);
        let size = read(&mut i);
        let target = read(&mut i);
        let dl = read(&mut i);
        out.push(ExcEntry { start, end: start + size, target, depth: dl >> 1, lasti: dl & 1 != 0 });
    }
    out
}

impl CodeInfo {
    /// The handler covering code unit `idx`, if any.
    pub fn handler(&self, idx: usize) -> Option<ExcEntry> {
        self.exc_table.iter().find(|e| e.start <= idx && idx < e.end).copied()
    }
}

/// One `co_positions()` entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Position {
    pub line: Option<u32>,
    pub end_line: Option<u32>,
    pub col: Option<u32>,
    pub end_col: Option<u32>,
}

/// A LOAD_METHOD cache entry: the receiver's `methods::cache_tag` and the method it found.
pub type MethodCacheEntry = (u8, &'static crate::builtins::BuiltinFn);

pub struct CodeInfo {
    pub co: Rc<CodeObject>,
    pub instrs: Vec<Instr>,
    pub consts: Vec<Value>,
    pub names: Vec<Rc<PyStr>>,
    pub name: Rc<PyStr>,
    pub qualname: Rc<PyStr>,
    pub nlocalsplus: usize,
    pub argcount: usize,
    pub flags: u32,
    /// Plain positional parameters only and no cells: the fast call path applies.
    pub simple: bool,
    pub exc_table: Vec<ExcEntry>,
    positions: OnceCell<Vec<Position>>,
    /// LOAD_METHOD's inline cache, one slot per code unit: the built-in method the last receiver type found, keyed
    /// by `methods::cache_tag` (a method depends only on the receiver's type and the instruction's name).
    pub method_cache: Box<[Cell<Option<MethodCacheEntry>>]>,
    /// LOAD_GLOBAL's cache, one slot per code unit: where in the globals dict the name was last found, plus one
    /// (0: not cached). `PyDict::get_str_if_at` checks the key, so a stale slot is only a miss.
    pub global_cache: Box<[Cell<u32>]>,
}

impl CodeInfo {
    pub fn new(co: Rc<CodeObject>) -> Result<Rc<CodeInfo>, VmError> {
        let instrs = decode(&co)?;
        let mut consts = Vec::with_capacity(co.consts.len());
        for c in &co.consts {
            consts.push(const_value(c)?);
        }
        let names = co.names.iter().map(|n| Rc::new(PyStr::new(&**n))).collect();
        let simple = co.flags & (flags::VARARGS | flags::VARKEYWORDS) == 0
            && co.kwonlyargcount == 0
            && co.localspluskinds.iter().all(|&k| k & (kind::CELL | kind::FREE) == 0);
        let method_cache = (0..instrs.len()).map(|_| Cell::new(None)).collect();
        let global_cache = (0..instrs.len()).map(|_| Cell::new(0)).collect();
        Ok(Rc::new(CodeInfo {
            method_cache,
            global_cache,
            instrs,
            consts,
            names,
            name: Rc::new(PyStr::new(&*co.name)),
            qualname: Rc::new(PyStr::new(&*co.qualname)),
            nlocalsplus: co.localsplusnames.len(),
            argcount: co.argcount as usize,
            flags: co.flags,
            simple,
            exc_table: parse_exception_table(&co.exceptiontable),
            positions: OnceCell::new(),
            co,
        }))
    }

    /// `co_positions()`, one entry per code unit.
    pub fn positions(&self) -> &[Position] {
        self.positions.get_or_init(|| decode_positions(&self.co))
    }

    /// The source line of code unit `idx`, as traceback shows it.
    pub fn line_of(&self, idx: usize) -> Option<u32> {
        self.positions().get(idx).and_then(|p| p.line)
    }
}

pub fn const_value(c: &Constant) -> Result<Value, VmError> {
    Ok(match c {
        Constant::None => Value::None,
        Constant::False => Value::Bool(false),
        Constant::True => Value::Bool(true),
        Constant::Ellipsis => Value::Ellipsis,
        Constant::Int(b) => Value::from_bigint(b.clone()),
        Constant::Float(f) => Value::Float(*f),
        Constant::Complex { .. } => return Err(VmError::Unsupported("complex numbers".into())),
        Constant::Str(s) => Value::Str(Rc::new(PyStr::from_wtf8(s))),
        Constant::Bytes(b) => Value::Bytes(Rc::new(b.to_vec())),
        Constant::Tuple(items) => {
            let mut v = Vec::with_capacity(items.len());
            for i in items.iter() {
                v.push(const_value(i)?);
            }
            Value::tuple(v)
        }
        Constant::FrozenSet(items) => {
            let mut t = Table::default();
            for i in items.iter() {
                let v = const_value(i)?;
                let h = crate::ops::hash(&v).map_err(|_| VmError::Unsupported("unhashable constant".into()))?;
                t.add(v, h);
            }
            Value::FrozenSet(Rc::new(PySet::from_table(t)))
        }
        Constant::Code(co) => Value::Code(CodeInfo::new(co.clone())?),
    })
}

fn decode(co: &CodeObject) -> Result<Vec<Instr>, VmError> {
    let code = &co.code;
    let n = code.len() / 2;
    let mut out = vec![Instr { op: Opcode::Cache, len: 1, arg: 0 }; n];
    let mut i = 0;
    let mut ext: u32 = 0;
    while i < n {
        let byte = code[2 * i];
        let op = Opcode::from_u8(byte).ok_or(VmError::BadBytecode(format!("unknown opcode {byte}")))?;
        let raw = code[2 * i + 1] as u32;
        if op == Opcode::ExtendedArg {
            ext = (ext | raw) << 8;
            out[i] = Instr { op, len: 1, arg: 0 };
            i += 1;
            continue;
        }
        let mut arg = ext | raw;
        ext = 0;
        let len = op.size_units();
        if op.is_jump() {
            let next = (i + len) as i64;
            let target = if op.is_backward_jump() { next - arg as i64 } else { next + arg as i64 };
            if target < 0 || target as usize >= n {
                return Err(VmError::BadBytecode(format!("jump target out of range at {}", 2 * i)));
            }
            arg = target as u32;
        }
        out[i] = Instr { op, len: len as u8, arg };
        i += len;
    }
    Ok(out)
}

fn decode_positions(co: &CodeObject) -> Vec<Position> {
    let b = &co.linetable;
    let mut out = Vec::with_capacity(co.code.len() / 2);
    let mut i = 0;
    let mut line = co.firstlineno as i64;
    let byte = |i: usize| b.get(i).copied().unwrap_or(0);
    let varint = |i: &mut usize| {
        let mut v = (byte(*i) & 63) as i64;
        let mut sh = 6;
        while byte(*i) & 64 != 0 && *i < b.len() {
            *i += 1;
            v |= ((byte(*i) & 63) as i64) << sh;
            sh += 6;
        }
        *i += 1;
        v
    };
    let svarint = |i: &mut usize| {
        let v = varint(i);
        if v & 1 != 0 { -(v >> 1) } else { v >> 1 }
    };
    let col = |c: i64| if c < 0 { None } else { Some(c as u32) };
    while i < b.len() {
        let first = b[i];
        i += 1;
        let code = (first >> 3) & 15;
        let length = (first & 7) as usize + 1;
        let pos = match code {
            15 => Position::default(),
            14 => {
                line += svarint(&mut i);
                let el = line + varint(&mut i);
                let c = varint(&mut i) - 1;
                let ec = varint(&mut i) - 1;
                Position { line: Some(line as u32), end_line: Some(el as u32), col: col(c), end_col: col(ec) }
            }
            13 => {
                line += svarint(&mut i);
                Position { line: Some(line as u32), end_line: Some(line as u32), col: None, end_col: None }
            }
            10..=12 => {
                line += code as i64 - 10;
                let c = byte(i) as u32;
                let ec = byte(i + 1) as u32;
                i += 2;
                Position { line: Some(line as u32), end_line: Some(line as u32), col: Some(c), end_col: Some(ec) }
            }
            _ => {
                let s = byte(i);
                i += 1;
                let c = code as u32 * 8 + ((s >> 4) & 7) as u32;
                Position {
                    line: Some(line as u32),
                    end_line: Some(line as u32),
                    col: Some(c),
                    end_col: Some(c + (s & 15) as u32),
                }
            }
        };
        for _ in 0..length {
            out.push(pos);
        }
    }
    out
}

/// `co_lines()`: one (start byte, end byte, line) range per location-table entry.
pub fn line_ranges(co: &CodeObject) -> Vec<(usize, usize, Option<u32>)> {
    let b = &co.linetable;
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = co.firstlineno as i64;
    let mut unit = 0usize;
    let byte = |i: usize| b.get(i).copied().unwrap_or(0);
    let varint = |i: &mut usize| {
        let mut v = (byte(*i) & 63) as i64;
        let mut sh = 6;
        while byte(*i) & 64 != 0 && *i < b.len() {
            *i += 1;
            v |= ((byte(*i) & 63) as i64) << sh;
            sh += 6;
        }
        *i += 1;
        v
    };
    while i < b.len() {
        let first = b[i];
        i += 1;
        let code = (first >> 3) & 15;
        let length = (first & 7) as usize + 1;
        let l = match code {
            15 => None,
            14 => {
                let v = varint(&mut i);
                line += if v & 1 != 0 { -(v >> 1) } else { v >> 1 };
                varint(&mut i);
                varint(&mut i);
                varint(&mut i);
                Some(line as u32)
            }
            13 => {
                let v = varint(&mut i);
                line += if v & 1 != 0 { -(v >> 1) } else { v >> 1 };
                Some(line as u32)
            }
            10..=12 => {
                line += code as i64 - 10;
                i += 2;
                Some(line as u32)
            }
            _ => {
                i += 1;
                Some(line as u32)
            }
        };
        out.push((unit * 2, (unit + length) * 2, l));
        unit += length;
    }
    out
}
