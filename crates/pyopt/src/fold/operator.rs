//! Unary, binary and subscript operators on constants, with `ast_opt.c`'s size guards.
//!
//! Each function returns `None` where CPython either refuses to fold (a guard) or raises while folding: in both
//! cases the folder keeps the original node.

use bumpalo::Bump;
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use pyfront::ast::{Constant, Operator, UnaryOp};
use pyfront::wtf8::{Wtf8, Wtf8Buf};

use super::constant::{as_int, as_num, is_true, num_constant, seq_len};
use super::number::{self, MAX_INT_BITS};

/// Largest tuple or frozenset a repetition may produce (`MAX_COLLECTION_SIZE`).
const MAX_COLLECTION_SIZE: i64 = 256;
/// Largest str or bytes a repetition may produce (`MAX_STR_SIZE`).
const MAX_STR_SIZE: i64 = 4096;
/// Most items, nested ones included, a repeated tuple may hold (`MAX_TOTAL_ITEMS`).
const MAX_TOTAL_ITEMS: i64 = 1024;

pub(crate) fn unary<'a>(op: UnaryOp, c: &Constant<'a>, arena: &'a Bump) -> Option<Constant<'a>> {
    if op == UnaryOp::Not {
        return Some(Constant::Bool(!is_true(c)));
    }
    let n = as_num(c)?;
    let r = match op {
        UnaryOp::Invert => number::invert(&n)?,
        UnaryOp::UAdd => n,
        UnaryOp::USub => number::negate(&n),
        UnaryOp::Not => unreachable!("handled above"),
    };
    Some(num_constant(&r, arena))
}

pub(crate) fn binary<'a>(op: Operator, l: &Constant<'a>, r: &Constant<'a>, arena: &'a Bump) -> Option<Constant<'a>> {
    match op {
        Operator::MatMult => None,
        Operator::Add => match (l, r) {
            (Constant::Str(a), Constant::Str(b)) => {
                // Byte concatenation: surrogates stay separate code points, as in Python.
                let mut s = bumpalo::collections::Vec::with_capacity_in(a.len() + b.len(), arena);
                s.extend_from_slice(a.as_bytes());
                s.extend_from_slice(b.as_bytes());
                Some(Constant::Str(Wtf8::from_bytes(s.into_bump_slice())?))
            }
            (Constant::Bytes(a), Constant::Bytes(b)) => Some(Constant::Bytes(concat(a, b, arena))),
            (Constant::Tuple(a), Constant::Tuple(b)) => Some(Constant::Tuple(concat(a, b, arena))),
            _ => numeric(op, l, r, arena),
        },
        Operator::Mult => safe_multiply(l, r, arena),
        Operator::Mod => match l {
            // `safe_mod`: %-formatting is never folded (its result could be huge or raise at run time).
            Constant::Str(_) | Constant::Bytes(_) => None,
            _ => numeric(op, l, r, arena),
        },
        Operator::Pow => {
            if let (Some(v), Some(w)) = (as_int(l), as_int(r))
                && !v.is_zero()
                && w.is_positive()
            {
                let wbits = w.to_u64()?;
                if v.bits() > MAX_INT_BITS / wbits {
                    return None;
                }
            }
            numeric(op, l, r, arena)
        }
        Operator::LShift => {
            if let (Some(v), Some(w)) = (as_int(l), as_int(r))
                && !v.is_zero()
                && !w.is_zero()
            {
                // A negative shift fails the conversion to size_t, so it is refused here too.
                let wbits = w.to_u64()?;
                if wbits > MAX_INT_BITS || v.bits() > MAX_INT_BITS - wbits {
                    return None;
                }
            }
            numeric(op, l, r, arena)
        }
        Operator::BitAnd | Operator::BitOr | Operator::BitXor => match (l, r) {
            // `bool & bool` (and `|`, `^`) stays a bool.
            (Constant::Bool(a), Constant::Bool(b)) => Some(Constant::Bool(match op {
                Operator::BitAnd => a & b,
                Operator::BitOr => a | b,
                _ => a ^ b,
            })),
            _ => numeric(op, l, r, arena),
        },
        Operator::Sub | Operator::Div | Operator::FloorDiv | Operator::RShift => numeric(op, l, r, arena),
    }
}

fn numeric<'a>(op: Operator, l: &Constant<'a>, r: &Constant<'a>, arena: &'a Bump) -> Option<Constant<'a>> {
    let v = number::binary(op, &as_num(l)?, &as_num(r)?)?;
    Some(num_constant(&v, arena))
}

fn concat<'a, T: Copy>(a: &[T], b: &[T], arena: &'a Bump) -> &'a [T] {
    let mut v = bumpalo::collections::Vec::with_capacity_in(a.len() + b.len(), arena);
    v.extend_from_slice(a);
    v.extend_from_slice(b);
    v.into_bump_slice()
}

/// `check_complexity`: what is left of `limit` after counting the items of nested tuples and frozensets.
fn check_complexity(c: &Constant<'_>, mut limit: i64) -> i64 {
    if let Constant::Tuple(items) | Constant::FrozenSet(items) = c {
        limit -= items.len() as i64;
        for it in items.iter() {
            if limit < 0 {
                break;
            }
            limit = check_complexity(it, limit);
        }
    }
    limit
}

/// `PyLong_AsLong`, with values that do not fit reported as -1 (the caller then refuses, as CPython does).
fn as_long(v: &BigInt) -> i64 {
    v.to_i64().unwrap_or(-1)
}

/// `safe_multiply`: int × int limited to 128 bits of result, sequence repetition limited in size.
fn safe_multiply<'a>(l: &Constant<'a>, r: &Constant<'a>, arena: &'a Bump) -> Option<Constant<'a>> {
    let is_seq = |c: &Constant<'_>| {
        matches!(c, Constant::Str(_) | Constant::Bytes(_) | Constant::Tuple(_) | Constant::FrozenSet(_))
    };
    let (count, seq) = match (as_int(l), as_int(r)) {
        (Some(v), Some(w)) => {
            if !v.is_zero() && !w.is_zero() && v.bits() + w.bits() > MAX_INT_BITS {
                return None;
            }
            return numeric(Operator::Mult, l, r, arena);
        }
        (Some(v), None) if is_seq(r) => (v, r),
        (None, Some(w)) if is_seq(l) => (w, l),
        _ => return numeric(Operator::Mult, l, r, arena),
    };
    let size = seq_len(seq)? as i64;
    if size != 0 {
        let n = as_long(&count);
        let max = if matches!(seq, Constant::Str(_) | Constant::Bytes(_)) { MAX_STR_SIZE } else { MAX_COLLECTION_SIZE };
        if n < 0 || n > max / size {
            return None;
        }
        if matches!(seq, Constant::Tuple(_) | Constant::FrozenSet(_))
            && n != 0
            && check_complexity(seq, MAX_TOTAL_ITEMS / n) < 0
        {
            return None;
        }
    }
    repeat(seq, &count, arena)
}

/// `seq * n` (`sequence_repeat`): the count must fit in a `Py_ssize_t`; a negative count gives an empty sequence.
fn repeat<'a>(seq: &Constant<'a>, count: &BigInt, arena: &'a Bump) -> Option<Constant<'a>> {
    let mut n = usize::try_from(count.to_i64()?.max(0)).ok()?;
    if seq_len(seq) == Some(0) {
        // `'' * (2**63 - 1)` is legal and empty: do not loop over the count.
        n = 0;
    }
    Some(match seq {
        Constant::Str(s) => Constant::Str(Wtf8::from_bytes(repeat_slice(s.as_bytes(), n, arena)?)?),
        Constant::Bytes(b) => Constant::Bytes(repeat_slice(b, n, arena)?),
        Constant::Tuple(t) => Constant::Tuple(repeat_slice(t, n, arena)?),
        // Frozensets do not support `*`.
        _ => return None,
    })
}

fn repeat_slice<'a, T: Copy>(items: &[T], n: usize, arena: &'a Bump) -> Option<&'a [T]> {
    let mut v = bumpalo::collections::Vec::with_capacity_in(items.len().checked_mul(n)?, arena);
    for _ in 0..n {
        v.extend_from_slice(items);
    }
    Some(v.into_bump_slice())
}

/// `container[index]` for a str, bytes or tuple constant indexed by an int or bool.
pub(crate) fn subscript<'a>(v: &Constant<'a>, idx: &Constant<'a>, arena: &'a Bump) -> Option<Constant<'a>> {
    let i = as_int(idx)?.to_i64()?;
    let len = match v {
        Constant::Str(_) | Constant::Bytes(_) | Constant::Tuple(_) => seq_len(v)? as i64,
        _ => return None,
    };
    let i = if i < 0 { i.checked_add(len)? } else { i };
    if !(0..len).contains(&i) {
        return None;
    }
    let i = i as usize;
    Some(match v {
        Constant::Str(s) => {
            let mut ch = Wtf8Buf::new();
            ch.push_code_point(s.code_points().nth(i)?)?;
            Constant::Str(ch.alloc_in(arena))
        }
        Constant::Bytes(b) => Constant::Int(pyfront::ast::Int::Small(i64::from(b[i]))),
        Constant::Tuple(t) => t[i],
        _ => return None,
    })
}
