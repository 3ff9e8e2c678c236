//! The 3.11 rewrite of `'...' % (a, b)` into an f-string (`optimize_format` in `ast_opt.c`).
//!
//! Only `%s`, `%r` and `%a` units qualify, with optional flags, a width and a precision of at most two digits each,
//! and exactly one unit per tuple item; anything else leaves the expression alone. Flags other than `-` are accepted
//! and dropped, as CPython does.

use bumpalo::Bump;
use bumpalo::collections::Vec as BVec;
use pyfront::ast::{Constant, Conversion, Expr, ExprKind, Loc};
use pyfront::wtf8::{Wtf8, Wtf8Buf};

use super::NO_LOC;

/// Digits allowed in a width or precision, plus one (`MAXDIGITS`).
const MAX_DIGITS: u32 = 3;

/// The JoinedStr that replaces `fmt % (elts...)` at `loc`, or `None` when the format is not simple enough.
pub(crate) fn rewrite<'a>(fmt: &Wtf8, elts: &'a [Expr<'a>], loc: Loc, arena: &'a Bump) -> Option<Expr<'a>> {
    let bytes = fmt.as_bytes();
    let mut values = BVec::with_capacity_in(elts.len() * 2 + 1, arena);
    let mut pos = 0;
    let mut used = 0;
    loop {
        if let Some(lit) = literal(fmt, &mut pos, arena) {
            values.push(lit);
        }
        if pos >= bytes.len() {
            break;
        }
        let arg = elts.get(used)?;
        // `literal` stops only at a '%' that does not start "%%".
        pos += 1;
        values.push(unit(bytes, &mut pos, arg, arena)?);
        used += 1;
    }
    if used < elts.len() {
        return None;
    }
    Some(Expr { kind: ExprKind::JoinedStr { values: values.into_bump_slice() }, loc })
}

/// `parse_literal`: the text up to the next lone '%', with "%%" turned into '%'; `None` if it is empty.
fn literal<'a>(fmt: &Wtf8, pos: &mut usize, arena: &'a Bump) -> Option<Expr<'a>> {
    let bytes = fmt.as_bytes();
    let start = *pos;
    let mut p = start;
    let mut has_percents = false;
    while p < bytes.len() {
        if bytes[p] != b'%' {
            p += 1;
        } else if p + 1 < bytes.len() && bytes[p + 1] == b'%' {
            has_percents = true;
            p += 2;
        } else {
            break;
        }
    }
    *pos = p;
    if p == start {
        return None;
    }
    // '%' is ASCII, so these byte offsets are always code point boundaries (surrogates included).
    let mut text = Wtf8Buf::with_capacity(p - start);
    let mut q = start;
    while q < p {
        let next = bytes[q..p].iter().position(|&b| b == b'%').map_or(p, |i| q + i);
        text.push_wtf8(sub(fmt, q, next));
        if next < p {
            text.push('%');
        }
        q = if has_percents { next + 2 } else { next };
    }
    Some(str_constant(text.alloc_in(arena)))
}

/// `fmt[start..end]` for byte offsets at code point boundaries.
fn sub(fmt: &Wtf8, start: usize, end: usize) -> &Wtf8 {
    // Offsets next to an ASCII '%' (or the ends) split no code point, so the slice stays generalized UTF-8.
    Wtf8::from_bytes(&fmt.as_bytes()[start..end]).unwrap_or(Wtf8::new(""))
}

fn str_constant<'a>(s: &'a Wtf8) -> Expr<'a> {
    Expr { kind: ExprKind::Constant { value: Constant::Str(s), kind: None }, loc: NO_LOC }
}

/// `simple_format_arg_parse` + `parse_format`: one conversion unit after its '%', as a FormattedValue of `arg`.
fn unit<'a>(fmt: &[u8], pos: &mut usize, arg: &'a Expr<'a>, arena: &'a Bump) -> Option<Expr<'a>> {
    let mut p = *pos;
    let mut next = || {
        let c = *fmt.get(p)?;
        p += 1;
        Some(c)
    };
    let mut ljust = false;
    let mut ch = loop {
        match next()? {
            b'-' => ljust = true,
            // The source tree also lists 'z' here, but CPython 3.11.7 (the oracle) does not accept it.
            b'+' | b' ' | b'#' | b'0' => {}
            c => break c,
        }
    };
    let mut width: Option<u32> = None;
    if ch.is_ascii_digit() {
        let mut w = 0;
        let mut digits = 0;
        while ch.is_ascii_digit() {
            w = w * 10 + u32::from(ch - b'0');
            ch = next()?;
            digits += 1;
            if digits >= MAX_DIGITS {
                return None;
            }
        }
        width = Some(w);
    }
    let mut prec: Option<u32> = None;
    if ch == b'.' {
        ch = next()?;
        let mut v = 0;
        if ch.is_ascii_digit() {
            let mut digits = 0;
            while ch.is_ascii_digit() {
                v = v * 10 + u32::from(ch - b'0');
                ch = next()?;
                digits += 1;
                if digits >= MAX_DIGITS {
                    return None;
                }
            }
        }
        prec = Some(v);
    }
    let conversion = match ch {
        b's' => Conversion::Str,
        b'r' => Conversion::Repr,
        b'a' => Conversion::Ascii,
        _ => return None,
    };
    *pos = p;
    let mut spec = String::new();
    if let Some(w) = width {
        if !ljust && w > 0 {
            spec.push('>');
        }
        spec.push_str(&w.to_string());
    }
    if let Some(pr) = prec {
        spec.push('.');
        spec.push_str(&pr.to_string());
    }
    let format_spec = (!spec.is_empty()).then(|| &*arena.alloc(str_constant(Wtf8::new(arena.alloc_str(&spec)))));
    Some(Expr { kind: ExprKind::FormattedValue { value: arg, conversion, format_spec }, loc: arg.loc })
}
