//! Methods of `str`, `str.format` and `str.format_map`.
//!
//! Indices are in characters, as in Python; for ASCII strings (the common case) they are byte offsets too, and the
//! helpers below skip the conversion.

use std::rc::Rc;

use super::bytes::{codec_args, encode as encode_to, split_whitespace};
use super::{Sig, adjust_indices, args, bind, index_arg, method_table, receiver_error};
use crate::builtins::Kw;
use crate::dict::{HKey, PyDict};
use crate::exception::{Exc, PyException, PyResult, err, type_error, value_error};
use crate::ops::{self, type_name};
use crate::unicode;
use crate::value::{PyStr, Value};
use crate::vm::Vm;

method_table! {
    pub(super) fn lookup, "str" {
        "capitalize" => capitalize,
        "casefold" => casefold,
        "center" => center,
        "count" => count,
        "encode" => encode,
        "endswith" => endswith,
        "expandtabs" => expandtabs,
        "find" => find,
        "format" => format,
        "format_map" => format_map,
        "index" => index,
        "isalnum" => isalnum,
        "isalpha" => isalpha,
        "isascii" => isascii,
        "isdecimal" => isdecimal,
        "isdigit" => isdigit,
        "isidentifier" => isidentifier,
        "islower" => islower,
        "isnumeric" => isnumeric,
        "isprintable" => isprintable,
        "isspace" => isspace,
        "istitle" => istitle,
        "isupper" => isupper,
        "join" => join,
        "ljust" => ljust,
        "lower" => lower,
        "lstrip" => lstrip,
        "maketrans" => maketrans,
        "partition" => partition,
        "removeprefix" => removeprefix,
        "removesuffix" => removesuffix,
        "replace" => replace,
        "rfind" => rfind,
        "rindex" => rindex,
        "rjust" => rjust,
        "rpartition" => rpartition,
        "rsplit" => rsplit,
        "rstrip" => rstrip,
        "split" => split,
        "splitlines" => splitlines,
        "startswith" => startswith,
        "strip" => strip,
        "swapcase" => swapcase,
        "title" => title,
        "translate" => translate,
        "upper" => upper,
        "zfill" => zfill,
    }
}

fn this<'a>(a: &'a [Value], name: &str) -> PyResult<&'a Rc<PyStr>> {
    match a.first() {
        Some(Value::Str(s)) => Ok(s),
        _ => receiver_error("str", name, a),
    }
}

fn str_arg(v: Option<&Value>) -> PyResult<&str> {
    match v {
        Some(Value::Str(s)) => Ok(&s.s),
        Some(v) => type_error(format!("must be str, not {}", type_name(v))),
        None => type_error("must be str, not NULL"),
    }
}

fn new_str(s: &str) -> Value {
    Value::str(s)
}

/// Byte offset of character index `ci` (clamped to the end).
fn byte_at(s: &PyStr, ci: usize) -> usize {
    if s.is_ascii() { ci.min(s.s.len()) } else { s.s.char_indices().nth(ci).map_or(s.s.len(), |(b, _)| b) }
}

/// Character index of byte offset `b`.
fn char_at(s: &PyStr, b: usize) -> usize {
    if s.is_ascii() { b } else { s.s[..b].chars().count() }
}

/// `s[start:end]` for adjusted indices, with its byte offset; None when the range is empty-and-out-of-bounds in
/// the way CPython's searches treat as "no match" (`end - start < need`).
fn window(s: &PyStr, start: i64, end: i64, need: usize) -> Option<(usize, &str)> {
    if end - start < need as i64 {
        return None;
    }
    let (bs, be) = (byte_at(s, start as usize), byte_at(s, end as usize));
    Some((bs, &s.s[bs..be]))
}

fn search(a: &[Value], kw: Kw, name: &'static str, rev: bool) -> PyResult<Option<usize>> {
    if !kw.is_empty() {
        return type_error(format!("{name}() takes no keyword arguments"));
    }
    let [sub, start, end, _] = bind(&Sig::tuple("str", name, 1, 3), args(a), kw)?;
    let s = this(a, name)?;
    let sub = str_arg(sub)?;
    let (start, end) = adjust_indices(start, end, s.chars as i64)?;
    let sub_chars = if sub.is_ascii() { sub.len() } else { sub.chars().count() };
    let Some((off, hay)) = window(s, start, end, sub_chars) else { return Ok(None) };
    let found = if rev { hay.rfind(sub) } else { hay.find(sub) };
    Ok(found.map(|b| char_at(s, off + b)))
}

fn find(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(search(a, kw, "find", false)?.map_or(-1, |i| i as i64)))
}

fn rfind(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(search(a, kw, "rfind", true)?.map_or(-1, |i| i as i64)))
}

fn index(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    match search(a, kw, "index", false)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => value_error("substring not found"),
    }
}

fn rindex(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    match search(a, kw, "rindex", true)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => value_error("substring not found"),
    }
}

fn count(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    if !kw.is_empty() {
        return type_error("count() takes no keyword arguments");
    }
    let [sub, start, end, _] = bind(&Sig::tuple("str", "count", 1, 3), args(a), kw)?;
    let s = this(a, "count")?;
    let sub = str_arg(sub)?;
    let (start, end) = adjust_indices(start, end, s.chars as i64)?;
    let Some((_, hay)) = window(s, start, end, 0) else { return Ok(Value::Int(0)) };
    if sub.is_empty() {
        return Ok(Value::Int((end - start) + 1));
    }
    Ok(Value::Int(hay.matches(sub).count() as i64))
}

fn prefix_match(a: &[Value], kw: Kw, name: &'static str, suffix: bool) -> PyResult<Value> {
    if !kw.is_empty() {
        return type_error(format!("{name}() takes no keyword arguments"));
    }
    let [prefix, start, end, _] = bind(&Sig::tuple("str", name, 1, 3), args(a), kw)?;
    let s = this(a, name)?;
    let (start, end) = adjust_indices(start, end, s.chars as i64)?;
    let test = |p: &PyStr| -> bool {
        match window(s, start, end, p.chars) {
            Some((_, hay)) => {
                if suffix {
                    hay.ends_with(&*p.s)
                } else {
                    hay.starts_with(&*p.s)
                }
            }
            None => false,
        }
    };
    match prefix.unwrap_or(&Value::None) {
        Value::Str(p) => Ok(Value::Bool(test(p))),
        Value::Tuple(t) => {
            for p in t.iter() {
                match p {
                    Value::Str(p) if test(p) => return Ok(Value::Bool(true)),
                    Value::Str(_) => {}
                    v => {
                        return type_error(format!("tuple for {name} must only contain str, not {}", type_name(v)));
                    }
                }
            }
            Ok(Value::Bool(false))
        }
        v => type_error(format!("{name} first arg must be str or a tuple of str, not {}", type_name(v))),
    }
}

fn startswith(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    prefix_match(a, kw, "startswith", false)
}

fn endswith(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    prefix_match(a, kw, "endswith", true)
}

fn split_args<'a>(a: &'a [Value], kw: Kw<'a>, name: &'static str) -> PyResult<(&'a PyStr, Option<&'a str>, i64)> {
    let [sep, max, ..] = bind(&Sig::kw("str", name, &["sep", "maxsplit"], 0), args(a), kw)?;
    let s = this(a, name)?;
    let max = match max {
        Some(m) => index_arg(m)?,
        None => -1,
    };
    let sep = match sep {
        None | Some(Value::None) => None,
        Some(Value::Str(p)) if p.s.is_empty() => return value_error("empty separator"),
        Some(Value::Str(p)) => Some(&*p.s),
        Some(v) => return type_error(format!("must be str or None, not {}", type_name(v))),
    };
    Ok((s, sep, max))
}

fn strs<'a>(parts: impl Iterator<Item = &'a str>) -> Value {
    Value::list(parts.map(new_str).collect())
}

/// Splits on runs of whitespace (CPython's `isspace`) at most `max` times, from the left or the right.
fn split_ws(s: &PyStr, max: i64, rev: bool) -> Value {
    if s.is_ascii() {
        let parts = split_whitespace(s.s.as_bytes(), |b| unicode::is_space(b as char), max, rev);
        // Splitting ASCII text at ASCII bytes leaves ASCII (hence UTF-8) pieces.
        return strs(parts.into_iter().map(|p| std::str::from_utf8(p).unwrap_or_default()));
    }
    let chars: Vec<char> = s.s.chars().collect();
    let parts = split_whitespace(&chars, unicode::is_space, max, rev);
    Value::list(parts.into_iter().map(|p| Value::string(p.iter().collect())).collect())
}

fn split(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (s, sep, max) = split_args(a, kw, "split")?;
    Ok(match sep {
        None => split_ws(s, max, false),
        Some(sep) if max < 0 => strs(s.s.split(sep)),
        Some(sep) => strs(s.s.splitn(max as usize + 1, sep)),
    })
}

fn rsplit(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (s, sep, max) = split_args(a, kw, "rsplit")?;
    Ok(match sep {
        None => split_ws(s, max, true),
        Some(sep) => {
            let mut parts: Vec<&str> =
                if max < 0 { s.s.rsplit(sep).collect() } else { s.s.rsplitn(max as usize + 1, sep).collect() };
            parts.reverse();
            strs(parts.into_iter())
        }
    })
}

fn splitlines(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [keep, ..] = bind(&Sig::kw("str", "splitlines", &["keepends"], 0), args(a), kw)?;
    let s = &this(a, "splitlines")?.s;
    let keep = keep.is_some_and(ops::truthy);
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((b, c)) = it.next() {
        if matches!(c, '\n' | '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}') {
            let mut end = b + c.len_utf8();
            if c == '\r' && it.peek().is_some_and(|&(_, n)| n == '\n') {
                it.next();
                end += 1;
            }
            out.push(new_str(&s[start..if keep { end } else { b }]));
            start = end;
        }
    }
    if start < s.len() {
        out.push(new_str(&s[start..]));
    }
    Ok(Value::list(out))
}

fn partition_impl(a: &[Value], kw: Kw, name: &'static str, rev: bool) -> PyResult<Value> {
    let [sep_v, ..] = bind(&Sig::one("str", name), args(a), kw)?;
    let s = &this(a, name)?.s;
    let sep = str_arg(sep_v)?;
    if sep.is_empty() {
        return value_error("empty separator");
    }
    let found = if rev { s.rfind(sep) } else { s.find(sep) };
    let empty = || new_str("");
    Ok(Value::tuple(match found {
        Some(i) => vec![new_str(&s[..i]), sep_v.cloned().unwrap_or(Value::None), new_str(&s[i + sep.len()..])],
        None if rev => vec![empty(), empty(), a[0].clone()],
        None => vec![a[0].clone(), empty(), empty()],
    }))
}

fn partition(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    partition_impl(a, kw, "partition", false)
}

fn rpartition(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    partition_impl(a, kw, "rpartition", true)
}

/// Collects the argument of `str.join` / `bytes.join`, with their wording for a non-iterable.
pub(super) fn collect_for_join(vm: &mut Vm, v: &Value) -> PyResult<Vec<Value>> {
    match v {
        Value::List(l) => Ok(l.items.borrow().clone()),
        Value::Tuple(t) => Ok(t.to_vec()),
        _ => {
            let it = vm.get_iter(v).map_err(|e| {
                if e.class == Exc::TypeError { err(Exc::TypeError, "can only join an iterable") } else { e }
            })?;
            let mut out = Vec::new();
            while let Some(x) = vm.next(&it)? {
                out.push(x);
            }
            Ok(out)
        }
    }
}

fn join(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [items, ..] = bind(&Sig::one("str", "join"), args(a), kw)?;
    let sep = this(a, "join")?.clone();
    let items = collect_for_join(vm, items.unwrap_or(&Value::None))?;
    if items.iter().any(|v| matches!(v, Value::Str(s) if s.surrogates.is_some())) {
        // Items with lone surrogates: join the exact values (the separator has none: see `methods::lookup`).
        let mut parts: Vec<&PyStr> = Vec::with_capacity(items.len() * 2);
        for (i, v) in items.iter().enumerate() {
            if i > 0 {
                parts.push(&sep);
            }
            match v {
                Value::Str(s) => parts.push(s),
                _ => return type_error(format!("sequence item {i}: expected str instance, {} found", type_name(v))),
            }
        }
        return Ok(PyStr::concat(parts.into_iter()));
    }
    let mut out = String::new();
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep.s);
        }
        match v {
            Value::Str(s) => out.push_str(&s.s),
            _ => return type_error(format!("sequence item {i}: expected str instance, {} found", type_name(v))),
        }
    }
    Ok(Value::string(out))
}

fn strip_impl(a: &[Value], kw: Kw, name: &'static str, left: bool, right: bool) -> PyResult<Value> {
    let [chars, ..] = bind(&Sig::pos("str", name, 0, 1), args(a), kw)?;
    let s = &this(a, name)?.s;
    let out = match chars {
        None | Some(Value::None) => {
            let f = |c: char| unicode::is_space(c);
            match (left, right) {
                (true, true) => s.trim_matches(f),
                (true, false) => s.trim_start_matches(f),
                _ => s.trim_end_matches(f),
            }
        }
        Some(Value::Str(cs)) => {
            let f = |c: char| cs.s.contains(c);
            match (left, right) {
                (true, true) => s.trim_matches(f),
                (true, false) => s.trim_start_matches(f),
                _ => s.trim_end_matches(f),
            }
        }
        Some(_) => return type_error(format!("{name} arg must be None or str")),
    };
    if out.len() == s.len() {
        return Ok(a[0].clone());
    }
    Ok(new_str(out))
}

fn strip(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    strip_impl(a, kw, "strip", true, true)
}

fn lstrip(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    strip_impl(a, kw, "lstrip", true, false)
}

fn rstrip(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    strip_impl(a, kw, "rstrip", false, true)
}

fn replace(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [old, new, count, _] = bind(&Sig::pos("str", "replace", 2, 3), args(a), kw)?;
    let s = &this(a, "replace")?.s;
    let arg = |v: Option<&Value>, i: usize| -> PyResult<Rc<PyStr>> {
        match v {
            Some(Value::Str(x)) => Ok(x.clone()),
            Some(v) => type_error(format!("replace() argument {i} must be str, not {}", type_name(v))),
            None => type_error("replace expected at least 2 arguments, got 0"),
        }
    };
    let (old, new) = (arg(old, 1)?, arg(new, 2)?);
    let count = match count {
        Some(c) => index_arg(c)?,
        None => -1,
    };
    let limit = if count < 0 { usize::MAX } else { count as usize };
    if old.s.is_empty() {
        // An empty pattern matches before every character and at the end.
        let mut out = String::with_capacity(s.len());
        let mut left = limit;
        for c in s.chars() {
            if left > 0 {
                out.push_str(&new.s);
                left -= 1;
            }
            out.push(c);
        }
        if left > 0 {
            out.push_str(&new.s);
        }
        return Ok(Value::string(out));
    }
    if limit == usize::MAX {
        return Ok(Value::string(s.replace(&*old.s, &new.s)));
    }
    Ok(Value::string(s.replacen(&*old.s, &new.s, limit)))
}

fn noargs<'a>(a: &'a [Value], kw: Kw, name: &'static str) -> PyResult<&'a Rc<PyStr>> {
    bind(&Sig::noargs("str", name), args(a), kw)?;
    this(a, name)
}

fn upper(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    Ok(Value::string(unicode::upper(&noargs(a, kw, "upper")?.s)))
}

fn lower(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    Ok(Value::string(unicode::lower(&noargs(a, kw, "lower")?.s)))
}

fn casefold(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let s = &noargs(a, kw, "casefold")?.s;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        unicode::push_casefold(&mut out, c);
    }
    Ok(Value::string(out))
}

fn swapcase(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let s = &noargs(a, kw, "swapcase")?.s;
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if unicode::is_upper(c) {
            unicode::push_lower_at(&mut out, &chars, i);
        } else if unicode::is_lower(c) {
            unicode::push_upper(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Ok(Value::string(out))
}

fn title(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let s = &noargs(a, kw, "title")?.s;
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for (i, &c) in chars.iter().enumerate() {
        if prev_cased {
            unicode::push_lower_at(&mut out, &chars, i);
        } else {
            unicode::push_title(&mut out, c);
        }
        prev_cased = unicode::is_cased(c);
    }
    Ok(Value::string(out))
}

fn capitalize(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let s = &noargs(a, kw, "capitalize")?.s;
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if i == 0 {
            unicode::push_title(&mut out, c);
        } else {
            unicode::push_lower_at(&mut out, &chars, i);
        }
    }
    Ok(Value::string(out))
}

fn all_chars(a: &[Value], kw: Kw, name: &'static str, f: fn(char) -> bool) -> PyResult<Value> {
    let s = &noargs(a, kw, name)?.s;
    Ok(Value::Bool(!s.is_empty() && s.chars().all(f)))
}

fn isalnum(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    all_chars(a, kw, "isalnum", unicode::is_alnum)
}

fn isalpha(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    all_chars(a, kw, "isalpha", unicode::is_alpha)
}

fn isdecimal(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    all_chars(a, kw, "isdecimal", unicode::is_decimal)
}

fn isdigit(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    all_chars(a, kw, "isdigit", unicode::is_digit)
}

fn isnumeric(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    all_chars(a, kw, "isnumeric", unicode::is_numeric)
}

fn isspace(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    all_chars(a, kw, "isspace", unicode::is_space)
}

fn isascii(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    Ok(Value::Bool(noargs(a, kw, "isascii")?.is_ascii()))
}

fn isprintable(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    Ok(Value::Bool(noargs(a, kw, "isprintable")?.s.chars().all(pyfront::repr::is_printable)))
}

fn isidentifier(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    Ok(Value::Bool(pyfront::lexer::is_identifier(&noargs(a, kw, "isidentifier")?.s)))
}

fn islower(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let s = &noargs(a, kw, "islower")?.s;
    let mut cased = false;
    for c in s.chars() {
        if unicode::is_upper(c) || unicode::is_title(c) {
            return Ok(Value::Bool(false));
        }
        cased |= unicode::is_lower(c);
    }
    Ok(Value::Bool(cased))
}

fn isupper(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let s = &noargs(a, kw, "isupper")?.s;
    let mut cased = false;
    for c in s.chars() {
        if unicode::is_lower(c) || unicode::is_title(c) {
            return Ok(Value::Bool(false));
        }
        cased |= unicode::is_upper(c);
    }
    Ok(Value::Bool(cased))
}

fn istitle(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let s = &noargs(a, kw, "istitle")?.s;
    let (mut cased, mut prev_cased) = (false, false);
    for c in s.chars() {
        if unicode::is_upper(c) || unicode::is_title(c) {
            if prev_cased {
                return Ok(Value::Bool(false));
            }
            prev_cased = true;
            cased = true;
        } else if unicode::is_lower(c) {
            if !prev_cased {
                return Ok(Value::Bool(false));
            }
            prev_cased = true;
            cased = true;
        } else {
            prev_cased = false;
        }
    }
    Ok(Value::Bool(cased))
}

fn justify(a: &[Value], kw: Kw, name: &'static str, how: char) -> PyResult<Value> {
    let [width, fill, ..] = bind(&Sig::pos("str", name, 1, 2), args(a), kw)?;
    let s = this(a, name)?;
    let width = index_arg(width.unwrap_or(&Value::None))?;
    let fill = match fill {
        None => ' ',
        Some(Value::Str(f)) if f.chars == 1 => f.s.chars().next().unwrap_or(' '),
        Some(Value::Str(_)) => return type_error("The fill character must be exactly one character long"),
        Some(v) => return type_error(format!("The fill character must be a unicode character, not {}", type_name(v))),
    };
    let n = s.chars as i64;
    if width <= n {
        return Ok(a[0].clone());
    }
    let pad = (width - n) as usize;
    let left = match how {
        '<' => 0,
        '>' => pad,
        // CPython puts the odd character on the left when both the padding and the width are odd.
        _ => pad / 2 + (pad & width as usize & 1),
    };
    let mut out = String::with_capacity(s.s.len() + pad * fill.len_utf8());
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(&s.s);
    out.extend(std::iter::repeat_n(fill, pad - left));
    Ok(Value::string(out))
}

fn center(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    justify(a, kw, "center", '^')
}

fn ljust(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    justify(a, kw, "ljust", '<')
}

fn rjust(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    justify(a, kw, "rjust", '>')
}

fn zfill(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [width, ..] = bind(&Sig::one("str", "zfill"), args(a), kw)?;
    let s = this(a, "zfill")?;
    let width = index_arg(width.unwrap_or(&Value::None))?;
    if width <= s.chars as i64 {
        return Ok(a[0].clone());
    }
    let pad = "0".repeat(width as usize - s.chars);
    Ok(Value::string(match s.s.strip_prefix(['+', '-']) {
        Some(rest) => format!("{}{pad}{rest}", &s.s[..1]),
        None => format!("{pad}{}", s.s),
    }))
}

fn expandtabs(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [size, ..] = bind(&Sig::kw("str", "expandtabs", &["tabsize"], 0), args(a), kw)?;
    let s = this(a, "expandtabs")?;
    let size = match size {
        Some(v) => index_arg(v)?,
        None => 8,
    };
    let mut out = String::with_capacity(s.s.len());
    let mut col = 0i64;
    for c in s.s.chars() {
        match c {
            '\t' => {
                if size > 0 {
                    let n = size - col % size;
                    out.extend(std::iter::repeat_n(' ', n as usize));
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    Ok(Value::string(out))
}

fn encode(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (enc, errors) = codec_args("encode", "str", a, kw)?;
    let s = this(a, "encode")?;
    if let Some(w) = &s.surrogates {
        return encode_surrogates(w, enc, &errors);
    }
    Ok(Value::Bytes(Rc::new(encode_to(&s.s, enc, &errors)?)))
}

/// `encode` of a str holding lone surrogates: UTF-8 passes them with `surrogatepass` and refuses them when strict;
/// every other codec and handler sees the surrogates as unencodable characters, which pyvm leaves for later.
fn encode_surrogates(w: &pyfront::wtf8::Wtf8, enc: &str, errors: &str) -> PyResult<Value> {
    match (enc, errors) {
        ("utf-8", "surrogatepass") => Ok(Value::Bytes(Rc::new(w.as_bytes().to_vec()))),
        ("utf-8", "strict" | "surrogateescape") => {
            Ok(Value::Bytes(Rc::new(crate::builtins::encode_utf8_surrogates(w, errors == "surrogateescape")?)))
        }
        _ => Err(err(Exc::SystemError, "pyvm does not support this codec or error handler for lone surrogates yet")),
    }
}

fn removeprefix(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [p, ..] = bind(&Sig::one("str", "removeprefix"), args(a), kw)?;
    let s = &this(a, "removeprefix")?.s;
    match p {
        Some(Value::Str(p)) => Ok(s.strip_prefix(&*p.s).map_or_else(|| a[0].clone(), new_str)),
        Some(v) => type_error(format!("removeprefix() argument must be str, not {}", type_name(v))),
        None => Ok(a[0].clone()),
    }
}

fn removesuffix(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [p, ..] = bind(&Sig::one("str", "removesuffix"), args(a), kw)?;
    let s = &this(a, "removesuffix")?.s;
    match p {
        Some(Value::Str(p)) => Ok(s.strip_suffix(&*p.s).map_or_else(|| a[0].clone(), new_str)),
        Some(v) => type_error(format!("removesuffix() argument must be str, not {}", type_name(v))),
        None => Ok(a[0].clone()),
    }
}

/// `str.maketrans(x[, y[, z]])`: a dict from code points to code points, strings or None.
fn maketrans(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [x, y, z, _] = bind(&Sig::pos("str", "maketrans", 1, 3), args(a), kw)?;
    let d = PyDict::new();
    let put = |k: Value, v: Value| -> PyResult<()> {
        d.insert(HKey { hash: ops::hash(&k)?, key: k }, v);
        Ok(())
    };
    let x = x.unwrap_or(&Value::None);
    match y {
        None => {
            let Value::Dict(src) = x else {
                return type_error("if you give only one argument to maketrans it must be a dict");
            };
            let items: Vec<(Value, Value)> = src.map.borrow().iter().map(|(k, v)| (k.key.clone(), v.clone())).collect();
            for (k, v) in items {
                match &k {
                    Value::Str(s) if s.chars == 1 => put(Value::Int(s.s.chars().next().map_or(0, |c| c as i64)), v)?,
                    Value::Str(_) => return value_error("string keys in translate table must be of length 1"),
                    Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => put(k.clone(), v)?,
                    _ => return type_error("keys in translate table must be strings or integers"),
                }
            }
        }
        Some(y) => {
            let Value::Str(xs) = x else {
                return type_error("first maketrans argument must be a string if there is a second argument");
            };
            let ys = match y {
                Value::Str(s) => s,
                v => return type_error(format!("maketrans() argument 2 must be str, not {}", type_name(v))),
            };
            if xs.chars != ys.chars {
                return value_error("the first two maketrans arguments must have equal length");
            }
            for (c, t) in xs.s.chars().zip(ys.s.chars()) {
                put(Value::Int(c as i64), Value::Int(t as i64))?;
            }
            match z {
                None => {}
                Some(Value::Str(zs)) => {
                    for c in zs.s.chars() {
                        put(Value::Int(c as i64), Value::None)?;
                    }
                }
                Some(v) => return type_error(format!("maketrans() argument 3 must be str, not {}", type_name(v))),
            }
        }
    }
    Ok(Value::Dict(Rc::new(d)))
}

fn translate(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [table, ..] = bind(&Sig::one("str", "translate"), args(a), kw)?;
    let s = this(a, "translate")?.clone();
    let table = table.unwrap_or(&Value::None);
    let mut out = String::with_capacity(s.s.len());
    for c in s.s.chars() {
        let mapped = match ops::getitem(table, &Value::Int(c as i64)) {
            Ok(v) => v,
            Err(e) if e.class.is_subclass(Exc::LookupError) => {
                out.push(c);
                continue;
            }
            Err(e) => return Err(e),
        };
        match mapped {
            Value::None => {}
            Value::Str(t) => out.push_str(&t.s),
            Value::Int(n) => match u32::try_from(n).ok().and_then(char::from_u32) {
                Some(t) if n < 0x110000 => out.push(t),
                _ => return value_error("character mapping must be in range(0x110000)"),
            },
            _ => return type_error("character mapping must return integer, None or str"),
        }
    }
    Ok(Value::string(out))
}

fn format(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let s = this(a, "format")?.clone();
    let mut f = Formatter { vm, args: args(a), source: Source::Kw(kw), auto: Auto::Unknown };
    Ok(Value::string(f.format(&s.s, 2)?))
}

fn format_map(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [map, ..] = bind(&Sig::one("str", "format_map"), args(a), kw)?;
    let s = this(a, "format_map")?.clone();
    let map = map.cloned().unwrap_or(Value::None);
    let mut f = Formatter { vm, args: &[], source: Source::Map(&map), auto: Auto::Unknown };
    Ok(Value::string(f.format(&s.s, 2)?))
}

/// Where named fields come from: `format`'s keywords or `format_map`'s mapping.
enum Source<'a> {
    Kw(Kw<'a>),
    Map(&'a Value),
}

/// Whether fields are numbered automatically (`{}`) or by hand (`{0}`); a string cannot mix the two.
#[derive(PartialEq)]
enum Auto {
    Unknown,
    Numbered(usize),
    Manual,
}

/// `str.format`'s engine, as CPython's `Objects/stringlib/unicode_format.h` parses: literal text with `{{`/`}}`,
/// replacement fields `{name.attr[key]!conv:spec}` whose spec may itself hold fields (two levels deep).
struct Formatter<'a, 'v> {
    vm: &'v mut Vm,
    args: &'a [Value],
    source: Source<'a>,
    auto: Auto,
}

impl Formatter<'_, '_> {
    fn format(&mut self, fmt: &str, depth: u32) -> PyResult<String> {
        if depth == 0 {
            return value_error("Max string recursion exceeded");
        }
        let mut out = String::with_capacity(fmt.len());
        let mut rest = fmt;
        while !rest.is_empty() {
            let Some(i) = rest.find(['{', '}']) else {
                out.push_str(rest);
                break;
            };
            out.push_str(&rest[..i]);
            let c = rest.as_bytes()[i];
            let after = &rest[i + 1..];
            if after.as_bytes().first() == Some(&c) {
                out.push(c as char);
                rest = &after[1..];
                continue;
            }
            if c == b'}' {
                return value_error("Single '}' encountered in format string");
            }
            // Find the matching '}' of this field, counting nested braces in the spec.
            let mut nest = 1;
            let mut end = None;
            for (j, b) in after.bytes().enumerate() {
                match b {
                    b'{' => nest += 1,
                    b'}' => {
                        nest -= 1;
                        if nest == 0 {
                            end = Some(j);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let Some(end) = end else {
                return value_error(if after.is_empty() || nest > 1 || !after.contains('}') {
                    if after.contains('{') || after.is_empty() {
                        "Single '{' encountered in format string"
                    } else {
                        "expected '}' before end of string"
                    }
                } else {
                    "expected '}' before end of string"
                });
            };
            self.field(&after[..end], depth, &mut out)?;
            rest = &after[end + 1..];
        }
        Ok(out)
    }

    fn field(&mut self, field: &str, depth: u32, out: &mut String) -> PyResult<()> {
        // The field name ends at the first '!' or ':' outside brackets.
        let mut name_end = field.len();
        let mut in_bracket = false;
        for (i, b) in field.bytes().enumerate() {
            match b {
                b'[' => in_bracket = true,
                b']' => in_bracket = false,
                b'!' | b':' if !in_bracket => {
                    name_end = i;
                    break;
                }
                _ => {}
            }
        }
        let name = &field[..name_end];
        let mut rest = &field[name_end..];
        let mut conv = None;
        if let Some(r) = rest.strip_prefix('!') {
            let mut cs = r.chars();
            let c = cs.next();
            let r2 = cs.as_str();
            if !(r2.is_empty() || r2.starts_with(':')) {
                return value_error("expected ':' after conversion specifier");
            }
            match c {
                Some(c) => conv = Some(c),
                None => return value_error("end of string while looking for conversion specifier"),
            }
            rest = r2;
        }
        let spec = rest.strip_prefix(':').unwrap_or("");
        let v = self.lookup(name)?;
        let v = match conv {
            None => v,
            Some('r') => Value::string(self.vm.repr(&v)?),
            Some('s') => Value::string(self.vm.str_of(&v)?),
            Some('a') => {
                let r = self.vm.repr(&v)?;
                Value::string(crate::builtins::ascii_escape(&r))
            }
            Some(c) => return value_error(format!("Unknown conversion specifier {c}")),
        };
        let spec = if spec.contains(['{', '}']) { self.format(spec, depth - 1)? } else { spec.to_string() };
        out.push_str(&crate::builtins::format_value(&v, &spec)?);
        Ok(())
    }

    /// Resolves `first(.attr|[key])*`.
    fn lookup(&mut self, name: &str) -> PyResult<Value> {
        let first_end = name.find(['.', '[']).unwrap_or(name.len());
        let (first, mut rest) = name.split_at(first_end);
        let mut v = if first.is_empty() || first.bytes().all(|b| b.is_ascii_digit()) {
            let idx = if first.is_empty() {
                match self.auto {
                    Auto::Manual => {
                        return value_error(
                            "cannot switch from manual field specification to automatic field numbering",
                        );
                    }
                    Auto::Unknown => {
                        self.auto = Auto::Numbered(1);
                        0
                    }
                    Auto::Numbered(n) => {
                        self.auto = Auto::Numbered(n + 1);
                        n
                    }
                }
            } else {
                if let Auto::Numbered(_) = self.auto {
                    return value_error("cannot switch from automatic field numbering to manual field specification");
                }
                self.auto = Auto::Manual;
                first.parse::<usize>().map_err(|_| err(Exc::ValueError, "Too many decimal digits in format string"))?
            };
            if let Source::Map(_) = self.source {
                return value_error("Format string contains positional fields");
            }
            match self.args.get(idx) {
                Some(v) => v.clone(),
                None => {
                    return Err(err(
                        Exc::IndexError,
                        format!("Replacement index {idx} out of range for positional args tuple"),
                    ));
                }
            }
        } else {
            match &self.source {
                Source::Kw(kw) => match kw.iter().find(|(k, _)| &*k.s == first) {
                    Some((_, v)) => v.clone(),
                    None => return Err(PyException::new(Exc::KeyError, vec![Value::str(first)])),
                },
                Source::Map(m) => {
                    let m = (*m).clone();
                    ops::getitem(&m, &Value::str(first))?
                }
            }
        };
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('.') {
                let end = r.find(['.', '[']).unwrap_or(r.len());
                if end == 0 {
                    return value_error("Empty attribute in format string");
                }
                v = crate::attr::get_attr(self.vm, &v, &r[..end])?;
                rest = &r[end..];
            } else if let Some(r) = rest.strip_prefix('[') {
                let Some(end) = r.find(']') else { return value_error("Missing ']' in format string") };
                let key = &r[..end];
                if key.is_empty() {
                    return value_error("Empty attribute in format string");
                }
                let k = if key.bytes().all(|b| b.is_ascii_digit()) {
                    key.parse::<i64>().map(Value::Int).unwrap_or_else(|_| Value::str(key))
                } else {
                    Value::str(key)
                };
                v = ops::getitem(&v, &k)?;
                rest = &r[end + 1..];
                if !rest.is_empty() && !rest.starts_with(['.', '[']) {
                    return value_error("Only '.' or '[' may follow ']' in format field specifier");
                }
            } else {
                return value_error("Only '.' or '[' may follow ']' in format field specifier");
            }
        }
        Ok(v)
    }
}
