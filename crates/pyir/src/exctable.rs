//! The 3.11 exception table (`co_exceptiontable`, CPython's `Objects/exception_handling_notes.txt`): encoder and
//! the decoder behind `dis._parse_exception_table`.
//!
//! Each entry is (start, size, target, depth << 1 | lasti), all in code units, each number a varint of 6-bit chunks
//! written most significant first (the opposite of the location table), bit 6 meaning "more", bit 7 marking an
//! entry's first byte.

/// One handler range, in code units as stored (`dis` shows byte offsets: twice these).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ExceptionEntry {
    pub start: u32,
    /// One past the last covered code unit.
    pub end: u32,
    pub target: u32,
    pub depth: u32,
    pub lasti: bool,
}

fn write_item(out: &mut Vec<u8>, value: u32, mut msb: u8) {
    for shift in [24, 18, 12, 6] {
        if value >= 1 << shift {
            out.push((((value >> shift) & 0x3f) as u8) | 0x40 | msb);
            msb = 0;
        }
    }
    out.push((value & 0x3f) as u8 | msb);
}

/// Appends one entry's bytes.
pub fn write_entry(out: &mut Vec<u8>, e: &ExceptionEntry) {
    write_item(out, e.start, 0x80);
    write_item(out, e.end - e.start, 0);
    write_item(out, e.target, 0);
    write_item(out, (e.depth << 1) | u32::from(e.lasti), 0);
}

pub fn encode(entries: &[ExceptionEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        write_entry(&mut out, e);
    }
    out
}

/// A truncated or malformed table.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BadTable;

/// Decodes a table (`dis._parse_exception_table`, with ends exclusive and in code units).
pub fn decode(table: &[u8]) -> Result<Vec<ExceptionEntry>, BadTable> {
    let mut i = 0;
    let mut item = |first: bool| -> Result<u32, BadTable> {
        let mut b = *table.get(i).ok_or(BadTable)?;
        if first != (b & 0x80 != 0) {
            return Err(BadTable);
        }
        i += 1;
        let mut val = u32::from(b & 63);
        while b & 64 != 0 {
            b = *table.get(i).ok_or(BadTable)?;
            if b & 0x80 != 0 || val >= 1 << 26 {
                return Err(BadTable);
            }
            i += 1;
            val = (val << 6) | u32::from(b & 63);
        }
        Ok(val)
    };
    let mut out = Vec::new();
    while let Ok(start) = item(true) {
        let size = item(false)?;
        let target = item(false)?;
        let dl = item(false)?;
        out.push(ExceptionEntry { start, end: start + size, target, depth: dl >> 1, lasti: dl & 1 != 0 });
    }
    if i != table.len() {
        return Err(BadTable);
    }
    Ok(out)
}
