//! The 3.11 location table (`co_linetable`, CPython's `Objects/locations.md`): the assembler's encoder and the
//! readers behind `co_positions()` and `co_lines()`.
//!
//! One entry per instruction (split into pieces of at most 8 code units), never merged with its neighbours. Line
//! deltas are relative to the previous entry that carried a line, starting from `co_firstlineno`.

use crate::flowgraph::Location;

const CODE_SHORT0: u8 = 0;
const CODE_ONE_LINE0: u8 = 10;
const CODE_NO_COLUMNS: u8 = 13;
const CODE_LONG: u8 = 14;
const CODE_NONE: u8 = 15;

/// Writes location entries while the assembler walks the instructions in layout order.
#[derive(Debug)]
pub struct LineTableWriter {
    out: Vec<u8>,
    /// The line of the last entry that set one (compile.c's `a_lineno`).
    lineno: i32,
}

impl LineTableWriter {
    pub fn new(firstlineno: i32) -> LineTableWriter {
        LineTableWriter { out: Vec::new(), lineno: firstlineno }
    }

    fn first_byte(&mut self, code: u8, length: usize) {
        debug_assert!((1..=8).contains(&length));
        self.out.push(0x80 | (code << 3) | (length as u8 - 1));
    }

    fn varint(&mut self, mut v: u32) {
        while v >= 64 {
            self.out.push(0x40 | (v & 63) as u8);
            v >>= 6;
        }
        self.out.push(v as u8);
    }

    fn svarint(&mut self, v: i32) {
        let u = if v < 0 { ((v.unsigned_abs()) << 1) | 1 } else { (v as u32) << 1 };
        self.varint(u);
    }

    /// The entries for one instruction of `size` code units (EXTENDED_ARGs and caches included).
    pub fn push(&mut self, loc: Location, mut size: usize) {
        while size > 8 {
            self.entry(loc, 8);
            size -= 8;
        }
        self.entry(loc, size);
    }

    fn entry(&mut self, loc: Location, len: usize) {
        if loc.lineno < 0 {
            self.first_byte(CODE_NONE, len);
            return;
        }
        let delta = loc.lineno - self.lineno;
        let (col, end_col) = (loc.col, loc.end_col);
        if col < 0 || end_col < 0 {
            if loc.end_lineno == loc.lineno || loc.end_lineno == -1 {
                self.first_byte(CODE_NO_COLUMNS, len);
                self.svarint(delta);
                self.lineno = loc.lineno;
                return;
            }
        } else if loc.end_lineno == loc.lineno {
            if delta == 0 && col < 80 && end_col - col < 16 && end_col >= col {
                self.first_byte(CODE_SHORT0 + (col >> 3) as u8, len);
                self.out.push((((col & 7) << 4) | (end_col - col)) as u8);
                return;
            }
            if (0..3).contains(&delta) && col < 128 && end_col < 128 {
                self.first_byte(CODE_ONE_LINE0 + delta as u8, len);
                self.out.push(col as u8);
                self.out.push(end_col as u8);
                self.lineno = loc.lineno;
                return;
            }
        }
        self.first_byte(CODE_LONG, len);
        self.svarint(delta);
        // CPython asserts end_lineno >= lineno; a negative difference would be a codegen bug, written as 0 here.
        self.varint((loc.end_lineno - loc.lineno).max(0) as u32);
        self.varint((col + 1).max(0) as u32);
        self.varint((end_col + 1).max(0) as u32);
        self.lineno = loc.lineno;
    }

    pub fn finish(self) -> Vec<u8> {
        self.out
    }
}

/// One position as `co_positions()` yields it: (lineno, end_lineno, col, end_col), `None` where unknown.
pub type Position = (Option<i32>, Option<i32>, Option<i32>, Option<i32>);

/// One decoded entry: its length in code units, the line (if any) and its full position.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Entry {
    pub units: u32,
    pub line: Option<i32>,
    pub pos: Position,
}

/// Error for a truncated or malformed table.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BadTable;

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, BadTable> {
        let v = *self.b.get(self.i).ok_or(BadTable)?;
        self.i += 1;
        Ok(v)
    }

    fn varint(&mut self) -> Result<u32, BadTable> {
        let mut read = self.byte()?;
        let mut val = u32::from(read & 63);
        let mut shift = 0;
        while read & 64 != 0 {
            read = self.byte()?;
            shift += 6;
            if shift > 30 {
                return Err(BadTable);
            }
            val |= u32::from(read & 63) << shift;
        }
        Ok(val)
    }

    fn svarint(&mut self) -> Result<i32, BadTable> {
        let u = self.varint()?;
        Ok(if u & 1 != 0 { -((u >> 1) as i32) } else { (u >> 1) as i32 })
    }
}

/// Decodes every entry of a location table.
pub fn decode(table: &[u8], firstlineno: i32) -> Result<Vec<Entry>, BadTable> {
    let mut r = Reader { b: table, i: 0 };
    let mut line = firstlineno;
    let mut out = Vec::new();
    while r.i < table.len() {
        let first = r.byte()?;
        if first & 0x80 == 0 {
            return Err(BadTable);
        }
        let code = (first >> 3) & 15;
        let units = u32::from(first & 7) + 1;
        let (eline, pos) = match code {
            CODE_NONE => (None, (None, None, None, None)),
            CODE_LONG => {
                line += r.svarint()?;
                let end = line + r.varint()? as i32;
                let col = r.varint()? as i32 - 1;
                let end_col = r.varint()? as i32 - 1;
                let opt = |v: i32| if v < 0 { None } else { Some(v) };
                (Some(line), (Some(line), Some(end), opt(col), opt(end_col)))
            }
            CODE_NO_COLUMNS => {
                line += r.svarint()?;
                (Some(line), (Some(line), Some(line), None, None))
            }
            10..=12 => {
                line += i32::from(code - CODE_ONE_LINE0);
                let col = i32::from(r.byte()?);
                let end_col = i32::from(r.byte()?);
                (Some(line), (Some(line), Some(line), Some(col), Some(end_col)))
            }
            _ => {
                let second = r.byte()?;
                let col = i32::from(code) * 8 + i32::from((second >> 4) & 7);
                (Some(line), (Some(line), Some(line), Some(col), Some(col + i32::from(second & 15))))
            }
        };
        out.push(Entry { units, line: eline, pos });
    }
    Ok(out)
}

/// `list(code.co_positions())`: one position per code unit.
pub fn co_positions(table: &[u8], firstlineno: i32) -> Result<Vec<Position>, BadTable> {
    let mut out = Vec::new();
    for e in decode(table, firstlineno)? {
        out.extend(std::iter::repeat_n(e.pos, e.units as usize));
    }
    Ok(out)
}

/// `list(code.co_lines())`: one (start, end, line) byte range per entry, unmerged.
pub fn co_lines(table: &[u8], firstlineno: i32) -> Result<Vec<(u32, u32, Option<i32>)>, BadTable> {
    let mut start = 0;
    let mut out = Vec::new();
    for e in decode(table, firstlineno)? {
        let end = start + 2 * e.units;
        out.push((start, end, e.line));
        start = end;
    }
    Ok(out)
}
