//! Reading marshal data of a code object (`marshal.dumps(compile(...))`).
//!
//! FIXME: a stopgap until `pyir::marshal::loads_code` lands on main; then this file goes away.

use std::rc::Rc;

use num_bigint::BigInt;
use pyir::code::{CodeObject, Constant};

use crate::error::VmError;

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
    refs: Vec<Constant>,
}

fn bad(m: &str) -> VmError {
    VmError::BadBytecode(format!("marshal: {m}"))
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, VmError> {
        let v = *self.b.get(self.i).ok_or_else(|| bad("truncated"))?;
        self.i += 1;
        Ok(v)
    }

    fn u32(&mut self) -> Result<u32, VmError> {
        let s = self.b.get(self.i..self.i + 4).ok_or_else(|| bad("truncated"))?;
        self.i += 4;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }

    fn bytes(&mut self, n: usize) -> Result<&[u8], VmError> {
        let s = self.b.get(self.i..self.i + n).ok_or_else(|| bad("truncated"))?;
        self.i += n;
        Ok(s)
    }

    fn obj(&mut self) -> Result<Constant, VmError> {
        let t = self.byte()?;
        let flag = t & 0x80 != 0;
        let code = t & 0x7f;
        let slot = if flag {
            self.refs.push(Constant::None);
            Some(self.refs.len() - 1)
        } else {
            None
        };
        let v = match code {
            b'N' => Constant::None,
            b'F' => Constant::False,
            b'T' => Constant::True,
            b'.' => Constant::Ellipsis,
            b'i' => Constant::Int(BigInt::from(self.u32()? as i32)),
            b'l' => {
                let n = self.u32()? as i32;
                let mut v = BigInt::from(0);
                let mut digits = Vec::new();
                for _ in 0..n.unsigned_abs() {
                    let d = self.bytes(2)?;
                    digits.push(u16::from_le_bytes([d[0], d[1]]));
                }
                for d in digits.iter().rev() {
                    v = (v << 15) + BigInt::from(*d);
                }
                Constant::Int(if n < 0 { -v } else { v })
            }
            b'g' => {
                let d = self.bytes(8)?;
                let mut a = [0u8; 8];
                a.copy_from_slice(d);
                Constant::Float(f64::from_le_bytes(a))
            }
            b'y' => {
                let d = self.bytes(16)?;
                let mut a = [0u8; 8];
                a.copy_from_slice(&d[..8]);
                let re = f64::from_le_bytes(a);
                a.copy_from_slice(&d[8..]);
                Constant::Complex { re, im: f64::from_le_bytes(a) }
            }
            b's' => {
                let n = self.u32()? as usize;
                Constant::Bytes(self.bytes(n)?.into())
            }
            b'z' | b'Z' => {
                let n = self.byte()? as usize;
                Constant::Str(String::from_utf8_lossy(self.bytes(n)?).into())
            }
            b'a' | b'A' | b'u' | b't' => {
                let n = self.u32()? as usize;
                Constant::Str(String::from_utf8_lossy(self.bytes(n)?).into())
            }
            b')' => {
                let n = self.byte()? as usize;
                self.tuple(n)?
            }
            b'(' => {
                let n = self.u32()? as usize;
                self.tuple(n)?
            }
            b'<' | b'>' => {
                let n = self.u32()? as usize;
                let mut v = Vec::with_capacity(n);
                for _ in 0..n {
                    v.push(self.obj()?);
                }
                Constant::FrozenSet(v.into())
            }
            b'r' => {
                let n = self.u32()? as usize;
                return self.refs.get(n).cloned().ok_or_else(|| bad("bad ref"));
            }
            b'c' => {
                let argcount = self.u32()?;
                let posonlyargcount = self.u32()?;
                let kwonlyargcount = self.u32()?;
                let stacksize = self.u32()?;
                let flags = self.u32()?;
                let code = self.bytes_obj()?;
                let consts = self.tuple_obj()?;
                let names = self.strs()?;
                let localsplusnames = self.strs()?;
                let localspluskinds = self.bytes_obj()?;
                let filename = self.str_obj()?;
                let name = self.str_obj()?;
                let qualname = self.str_obj()?;
                let firstlineno = self.u32()?;
                let linetable = self.bytes_obj()?;
                let exceptiontable = self.bytes_obj()?;
                Constant::Code(Rc::new(CodeObject {
                    argcount,
                    posonlyargcount,
                    kwonlyargcount,
                    stacksize,
                    flags,
                    code,
                    consts,
                    names,
                    localsplusnames,
                    localspluskinds,
                    filename,
                    name,
                    qualname,
                    firstlineno,
                    linetable,
                    exceptiontable,
                }))
            }
            _ => return Err(bad(&format!("unknown type code {code:#x}"))),
        };
        if let Some(s) = slot {
            self.refs[s] = v.clone();
        }
        Ok(v)
    }

    fn tuple(&mut self, n: usize) -> Result<Constant, VmError> {
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(self.obj()?);
        }
        Ok(Constant::Tuple(v.into()))
    }

    fn bytes_obj(&mut self) -> Result<Vec<u8>, VmError> {
        match self.obj()? {
            Constant::Bytes(b) => Ok(b.to_vec()),
            _ => Err(bad("expected bytes")),
        }
    }

    fn tuple_obj(&mut self) -> Result<Vec<Constant>, VmError> {
        match self.obj()? {
            Constant::Tuple(t) => Ok(t.to_vec()),
            _ => Err(bad("expected tuple")),
        }
    }

    fn strs(&mut self) -> Result<Vec<Rc<str>>, VmError> {
        self.tuple_obj()?
            .into_iter()
            .map(|c| match c {
                Constant::Str(s) => Ok(s),
                _ => Err(bad("expected str")),
            })
            .collect()
    }

    fn str_obj(&mut self) -> Result<Rc<str>, VmError> {
        match self.obj()? {
            Constant::Str(s) => Ok(s),
            _ => Err(bad("expected str")),
        }
    }
}

pub fn loads_code(data: &[u8]) -> Result<CodeObject, VmError> {
    let mut r = Reader { b: data, i: 0, refs: Vec::new() };
    match r.obj()? {
        Constant::Code(c) => Ok((*c).clone()),
        _ => Err(bad("not a code object")),
    }
}
