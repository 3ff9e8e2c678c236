//! Methods of `bytes`, the codecs shared with `str.encode` (utf-8, ascii, latin-1) and the byte-sequence search
//! and split the two types have in common.

use std::rc::Rc;

use super::{Sig, adjust_indices, args, bind, index_arg, method_table, receiver_error};
use crate::builtins::Kw;
use crate::exception::{Exc, PyResult, err, type_error, value_error};
use crate::ops::{self, type_name};
use crate::value::Value;
use crate::vm::Vm;

method_table! {
    pub(super) fn lookup, "bytes" {
        "capitalize" => capitalize,
        "center" => center,
        "count" => count,
        "decode" => decode,
        "endswith" => endswith,
        "expandtabs" => expandtabs,
        "find" => find,
        "fromhex" => fromhex,
        "hex" => hex,
        "index" => index,
        "isalnum" => isalnum,
        "isalpha" => isalpha,
        "isascii" => isascii,
        "isdigit" => isdigit,
        "islower" => islower,
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

fn this<'a>(a: &'a [Value], name: &str) -> PyResult<&'a [u8]> {
    match a.first() {
        Some(Value::Bytes(b)) => Ok(b),
        _ => receiver_error("bytes", name, a),
    }
}

fn bytes_val(b: Vec<u8>) -> Value {
    Value::Bytes(Rc::new(b))
}

/// A bytes-like argument (bytes is the only bytes-like type the VM has).
pub(super) fn bytes_arg(v: &Value) -> PyResult<&[u8]> {
    match v {
        Value::Bytes(b) => Ok(b),
        _ => type_error(format!("a bytes-like object is required, not '{}'", type_name(v))),
    }
}

/// The needle of find/count/index: bytes, or an int naming one byte.
fn needle(v: &Value) -> PyResult<std::borrow::Cow<'_, [u8]>> {
    match v {
        Value::Bytes(b) => Ok(std::borrow::Cow::Borrowed(&b[..])),
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => match ops::as_index(v) {
            Some(i @ 0..=255) => Ok(std::borrow::Cow::Owned(vec![i as u8])),
            _ => value_error("byte must be in range(0, 256)"),
        },
        _ => type_error(format!("argument should be integer or bytes-like object, not '{}'", type_name(v))),
    }
}

/// Where `needle` first occurs in `hay`.
pub(super) fn find_sub(hay: &[u8], needle: &[u8]) -> Option<usize> {
    match needle.len() {
        0 => Some(0),
        1 => hay.iter().position(|&b| b == needle[0]),
        n if n > hay.len() => None,
        n => hay.windows(n).position(|w| w == needle),
    }
}

/// Where `needle` last occurs in `hay`.
pub(super) fn rfind_sub(hay: &[u8], needle: &[u8]) -> Option<usize> {
    match needle.len() {
        0 => Some(hay.len()),
        1 => hay.iter().rposition(|&b| b == needle[0]),
        n if n > hay.len() => None,
        n => hay.windows(n).rposition(|w| w == needle),
    }
}

/// Non-overlapping occurrences of a non-empty `needle`.
pub(super) fn count_sub(hay: &[u8], needle: &[u8]) -> usize {
    let mut n = 0;
    let mut rest = hay;
    while let Some(i) = find_sub(rest, needle) {
        n += 1;
        rest = &rest[i + needle.len()..];
    }
    n
}

/// `find`/`rfind` (and index/rindex/count) over `hay[start:end]`: (the match's offset, or None).
fn search(a: &[Value], name: &'static str, rev: bool) -> PyResult<Option<usize>> {
    let [sub, start, end, _] = bind(&Sig::tuple("bytes", name, 1, 3), args(a), &[])?;
    let b = this(a, name)?;
    let sub = needle(sub.unwrap_or(&Value::None))?;
    let (start, end) = adjust_indices(start, end, b.len() as i64)?;
    if end - start < sub.len() as i64 {
        return Ok(None);
    }
    let hay = &b[start as usize..end as usize];
    let found = if rev { rfind_sub(hay, &sub) } else { find_sub(hay, &sub) };
    Ok(found.map(|i| i + start as usize))
}

fn no_kw_search(name: &str, kw: Kw) -> PyResult<()> {
    if kw.is_empty() { Ok(()) } else { type_error(format!("{name}() takes no keyword arguments")) }
}

fn find(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    no_kw_search("find", kw)?;
    Ok(Value::Int(search(a, "find", false)?.map_or(-1, |i| i as i64)))
}

fn rfind(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    no_kw_search("rfind", kw)?;
    Ok(Value::Int(search(a, "rfind", true)?.map_or(-1, |i| i as i64)))
}

fn index(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    no_kw_search("index", kw)?;
    match search(a, "index", false)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => value_error("subsection not found"),
    }
}

fn rindex(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    no_kw_search("rindex", kw)?;
    match search(a, "rindex", true)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => value_error("subsection not found"),
    }
}

fn count(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    no_kw_search("count", kw)?;
    let [sub, start, end, _] = bind(&Sig::tuple("bytes", "count", 1, 3), args(a), kw)?;
    let b = this(a, "count")?;
    let sub = needle(sub.unwrap_or(&Value::None))?;
    let (start, end) = adjust_indices(start, end, b.len() as i64)?;
    if end < start {
        return Ok(Value::Int(0));
    }
    let hay = &b[start as usize..end as usize];
    Ok(Value::Int(if sub.is_empty() { hay.len() as i64 + 1 } else { count_sub(hay, &sub) as i64 }))
}

fn prefix_match(a: &[Value], kw: Kw, name: &'static str, suffix: bool) -> PyResult<Value> {
    no_kw_search(name, kw)?;
    let [prefix, start, end, _] = bind(&Sig::tuple("bytes", name, 1, 3), args(a), kw)?;
    let b = this(a, name)?;
    let (start, end) = adjust_indices(start, end, b.len() as i64)?;
    let test = |p: &[u8]| -> bool {
        let end = end - p.len() as i64;
        if end < start {
            return false;
        }
        let hay = &b[start as usize..end as usize + p.len()];
        if suffix { hay.ends_with(p) } else { hay.starts_with(p) }
    };
    match prefix.unwrap_or(&Value::None) {
        Value::Bytes(p) => Ok(Value::Bool(test(p))),
        Value::Tuple(t) => {
            for p in t.iter() {
                if test(bytes_arg(p)?) {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
        v => type_error(format!("{name} first arg must be bytes or a tuple of bytes, not {}", type_name(v))),
    }
}

fn startswith(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    prefix_match(a, kw, "startswith", false)
}

fn endswith(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    prefix_match(a, kw, "endswith", true)
}

/// ASCII whitespace as `bytes.split()` and `bytes.strip()` see it.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// Splits on runs of whitespace, at most `max` times (negative: no limit), from the left or the right.
pub(super) fn split_whitespace<T: Copy>(items: &[T], space: impl Fn(T) -> bool, max: i64, rev: bool) -> Vec<&[T]> {
    let mut out = Vec::new();
    if !rev {
        let mut i = 0;
        let n = items.len();
        loop {
            while i < n && space(items[i]) {
                i += 1;
            }
            if i == n {
                break;
            }
            // Past the last split the rest is kept as it is, trailing whitespace included.
            if max >= 0 && out.len() as i64 == max {
                out.push(&items[i..]);
                break;
            }
            let start = i;
            while i < n && !space(items[i]) {
                i += 1;
            }
            out.push(&items[start..i]);
        }
    } else {
        let mut j = items.len();
        loop {
            while j > 0 && space(items[j - 1]) {
                j -= 1;
            }
            if j == 0 {
                break;
            }
            if max >= 0 && out.len() as i64 == max {
                out.push(&items[..j]);
                break;
            }
            let end = j;
            while j > 0 && !space(items[j - 1]) {
                j -= 1;
            }
            out.push(&items[j..end]);
        }
        out.reverse();
    }
    out
}

/// Splits on a non-empty separator at most `max` times (negative: no limit), from the left or the right.
pub(super) fn split_sep<'a>(hay: &'a [u8], sep: &[u8], max: i64, rev: bool) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    if !rev {
        let mut rest = hay;
        while max < 0 || (out.len() as i64) < max {
            match find_sub(rest, sep) {
                Some(i) => {
                    out.push(&rest[..i]);
                    rest = &rest[i + sep.len()..];
                }
                None => break,
            }
        }
        out.push(rest);
    } else {
        let mut rest = hay;
        while max < 0 || (out.len() as i64) < max {
            match rfind_sub(rest, sep) {
                Some(i) => {
                    out.push(&rest[i + sep.len()..]);
                    rest = &rest[..i];
                }
                None => break,
            }
        }
        out.push(rest);
        out.reverse();
    }
    out
}

fn split_impl(a: &[Value], kw: Kw, name: &'static str, rev: bool) -> PyResult<Value> {
    let [sep, max, ..] = bind(&Sig::kw("bytes", name, &["sep", "maxsplit"], 0), args(a), kw)?;
    let b = this(a, name)?;
    let max = match max {
        Some(m) => index_arg(m)?,
        None => -1,
    };
    let parts = match sep {
        None | Some(Value::None) => split_whitespace(b, is_space, max, rev),
        Some(s) => {
            let s = bytes_arg(s)?;
            if s.is_empty() {
                return value_error("empty separator");
            }
            split_sep(b, s, max, rev)
        }
    };
    Ok(Value::list(parts.into_iter().map(|p| bytes_val(p.to_vec())).collect()))
}

fn split(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    split_impl(a, kw, "split", false)
}

fn rsplit(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    split_impl(a, kw, "rsplit", true)
}

fn splitlines(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [keep, ..] = bind(&Sig::kw("bytes", "splitlines", &["keepends"], 0), args(a), kw)?;
    let b = this(a, "splitlines")?;
    let keep = keep.is_some_and(ops::truthy);
    let mut out = Vec::new();
    let (mut i, mut start) = (0, 0);
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            let mut end = i + 1;
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                end += 1;
            }
            out.push(bytes_val(b[start..if keep { end } else { i }].to_vec()));
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < b.len() {
        out.push(bytes_val(b[start..].to_vec()));
    }
    Ok(Value::list(out))
}

fn partition_impl(a: &[Value], kw: Kw, name: &'static str, rev: bool) -> PyResult<Value> {
    let [sep, ..] = bind(&Sig::one("bytes", name), args(a), kw)?;
    let b = this(a, name)?;
    let sep_v = sep.unwrap_or(&Value::None);
    let sep = bytes_arg(sep_v)?;
    if sep.is_empty() {
        return value_error("empty separator");
    }
    let found = if rev { rfind_sub(b, sep) } else { find_sub(b, sep) };
    let empty = || bytes_val(Vec::new());
    Ok(Value::tuple(match found {
        Some(i) => vec![bytes_val(b[..i].to_vec()), sep_v.clone(), bytes_val(b[i + sep.len()..].to_vec())],
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

/// `replace` on byte sequences; an empty `old` inserts `new` before every byte and at the end.
pub(super) fn replace_bytes(b: &[u8], old: &[u8], new: &[u8], count: i64) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut left = if count < 0 { usize::MAX } else { count as usize };
    if old.is_empty() {
        for (i, &x) in b.iter().enumerate() {
            if left > 0 {
                out.extend_from_slice(new);
                left -= 1;
            }
            out.push(x);
            if i + 1 == b.len() && left > 0 {
                out.extend_from_slice(new);
            }
        }
        if b.is_empty() && left > 0 {
            out.extend_from_slice(new);
        }
        return out;
    }
    let mut rest = b;
    while left > 0 {
        match find_sub(rest, old) {
            Some(i) => {
                out.extend_from_slice(&rest[..i]);
                out.extend_from_slice(new);
                rest = &rest[i + old.len()..];
                left -= 1;
            }
            None => break,
        }
    }
    out.extend_from_slice(rest);
    out
}

fn replace(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [old, new, count, _] = bind(&Sig::pos("bytes", "replace", 2, 3), args(a), kw)?;
    let b = this(a, "replace")?;
    let old = bytes_arg(old.unwrap_or(&Value::None))?;
    let new = bytes_arg(new.unwrap_or(&Value::None))?;
    let count = match count {
        Some(c) => index_arg(c)?,
        None => -1,
    };
    Ok(bytes_val(replace_bytes(b, old, new, count)))
}

fn strip_impl(a: &[Value], kw: Kw, name: &'static str, left: bool, right: bool) -> PyResult<Value> {
    let [chars, ..] = bind(&Sig::pos("bytes", name, 0, 1), args(a), kw)?;
    let b = this(a, name)?;
    let set: Option<&[u8]> = match chars {
        None | Some(Value::None) => None,
        Some(v) => Some(bytes_arg(v)?),
    };
    let strip = |x: u8| match set {
        None => is_space(x),
        Some(s) => s.contains(&x),
    };
    let (mut i, mut j) = (0, b.len());
    if left {
        while i < j && strip(b[i]) {
            i += 1;
        }
    }
    if right {
        while j > i && strip(b[j - 1]) {
            j -= 1;
        }
    }
    Ok(bytes_val(b[i..j].to_vec()))
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

fn removeprefix(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [p, ..] = bind(&Sig::one("bytes", "removeprefix"), args(a), kw)?;
    let b = this(a, "removeprefix")?;
    let p = bytes_arg(p.unwrap_or(&Value::None))?;
    Ok(bytes_val(b.strip_prefix(p).unwrap_or(b).to_vec()))
}

fn removesuffix(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [p, ..] = bind(&Sig::one("bytes", "removesuffix"), args(a), kw)?;
    let b = this(a, "removesuffix")?;
    let p = bytes_arg(p.unwrap_or(&Value::None))?;
    Ok(bytes_val(b.strip_suffix(p).unwrap_or(b).to_vec()))
}

fn join(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [items, ..] = bind(&Sig::one("bytes", "join"), args(a), kw)?;
    let sep = this(a, "join")?;
    let items = super::string::collect_for_join(vm, items.unwrap_or(&Value::None))?;
    let mut out = Vec::new();
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(sep);
        }
        match v {
            Value::Bytes(b) => out.extend_from_slice(b),
            _ => {
                return type_error(format!("sequence item {i}: expected a bytes-like object, {} found", type_name(v)));
            }
        }
    }
    Ok(bytes_val(out))
}

fn map_bytes(a: &[Value], kw: Kw, name: &'static str, f: impl Fn(&[u8]) -> Vec<u8>) -> PyResult<Value> {
    bind(&Sig::noargs("bytes", name), args(a), kw)?;
    Ok(bytes_val(f(this(a, name)?)))
}

fn upper(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    map_bytes(a, kw, "upper", |b| b.to_ascii_uppercase())
}

fn lower(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    map_bytes(a, kw, "lower", |b| b.to_ascii_lowercase())
}

fn swapcase(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    map_bytes(a, kw, "swapcase", |b| {
        b.iter()
            .map(|&x| if x.is_ascii_uppercase() { x.to_ascii_lowercase() } else { x.to_ascii_uppercase() })
            .collect()
    })
}

fn capitalize(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    map_bytes(a, kw, "capitalize", |b| {
        b.iter()
            .enumerate()
            .map(|(i, &x)| if i == 0 { x.to_ascii_uppercase() } else { x.to_ascii_lowercase() })
            .collect()
    })
}

fn title(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    map_bytes(a, kw, "title", |b| {
        let mut prev_cased = false;
        b.iter()
            .map(|&x| {
                let y = if prev_cased { x.to_ascii_lowercase() } else { x.to_ascii_uppercase() };
                prev_cased = x.is_ascii_alphabetic();
                y
            })
            .collect()
    })
}

fn predicate(a: &[Value], kw: Kw, name: &'static str, f: impl Fn(&[u8]) -> bool) -> PyResult<Value> {
    bind(&Sig::noargs("bytes", name), args(a), kw)?;
    Ok(Value::Bool(f(this(a, name)?)))
}

fn isalnum(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    predicate(a, kw, "isalnum", |b| !b.is_empty() && b.iter().all(u8::is_ascii_alphanumeric))
}

fn isalpha(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    predicate(a, kw, "isalpha", |b| !b.is_empty() && b.iter().all(u8::is_ascii_alphabetic))
}

fn isascii(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    predicate(a, kw, "isascii", |b| b.is_ascii())
}

fn isdigit(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    predicate(a, kw, "isdigit", |b| !b.is_empty() && b.iter().all(u8::is_ascii_digit))
}

fn isspace(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    predicate(a, kw, "isspace", |b| !b.is_empty() && b.iter().all(|&x| is_space(x)))
}

fn islower(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    predicate(a, kw, "islower", |b| b.iter().any(u8::is_ascii_lowercase) && !b.iter().any(u8::is_ascii_uppercase))
}

fn isupper(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    predicate(a, kw, "isupper", |b| b.iter().any(u8::is_ascii_uppercase) && !b.iter().any(u8::is_ascii_lowercase))
}

fn istitle(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    predicate(a, kw, "istitle", |b| {
        let (mut cased, mut prev_cased) = (false, false);
        for &x in b {
            if x.is_ascii_uppercase() {
                if prev_cased {
                    return false;
                }
                prev_cased = true;
                cased = true;
            } else if x.is_ascii_lowercase() {
                if !prev_cased {
                    return false;
                }
                prev_cased = true;
                cased = true;
            } else {
                prev_cased = false;
            }
        }
        cased
    })
}

fn justify(a: &[Value], kw: Kw, name: &'static str, how: u8) -> PyResult<Value> {
    let [width, fill, ..] = bind(&Sig::pos("bytes", name, 1, 2), args(a), kw)?;
    let b = this(a, name)?;
    let width = index_arg(width.unwrap_or(&Value::None))?;
    let fill = match fill {
        None => b' ',
        Some(Value::Bytes(f)) if f.len() == 1 => f[0],
        Some(v) => {
            return type_error(format!("{name}() argument 2 must be a byte string of length 1, not {}", type_name(v)));
        }
    };
    let n = b.len() as i64;
    if width <= n {
        return Ok(a[0].clone());
    }
    let pad = (width - n) as usize;
    let left = match how {
        b'<' => 0,
        b'>' => pad,
        _ => pad / 2 + (pad & width as usize & 1),
    };
    let mut out = vec![fill; left];
    out.extend_from_slice(b);
    out.resize(width as usize, fill);
    Ok(bytes_val(out))
}

fn center(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    justify(a, kw, "center", b'^')
}

fn ljust(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    justify(a, kw, "ljust", b'<')
}

fn rjust(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    justify(a, kw, "rjust", b'>')
}

fn zfill(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [width, ..] = bind(&Sig::one("bytes", "zfill"), args(a), kw)?;
    let b = this(a, "zfill")?;
    let width = index_arg(width.unwrap_or(&Value::None))?;
    if width <= b.len() as i64 {
        return Ok(a[0].clone());
    }
    let pad = width as usize - b.len();
    let mut out = Vec::with_capacity(width as usize);
    let (sign, rest) = match b.first() {
        Some(&c @ (b'+' | b'-')) => (Some(c), &b[1..]),
        _ => (None, b),
    };
    out.extend(sign);
    out.extend(std::iter::repeat_n(b'0', pad));
    out.extend_from_slice(rest);
    Ok(bytes_val(out))
}

fn expandtabs(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [size, ..] = bind(&Sig::kw("bytes", "expandtabs", &["tabsize"], 0), args(a), kw)?;
    let b = this(a, "expandtabs")?;
    let size = match size {
        Some(v) => index_arg(v)?,
        None => 8,
    };
    let mut out = Vec::with_capacity(b.len());
    let mut col = 0i64;
    for &x in b {
        match x {
            b'\t' => {
                if size > 0 {
                    let n = size - col % size;
                    out.extend(std::iter::repeat_n(b' ', n as usize));
                    col += n;
                }
            }
            b'\n' | b'\r' => {
                out.push(x);
                col = 0;
            }
            _ => {
                out.push(x);
                col += 1;
            }
        }
    }
    Ok(bytes_val(out))
}

/// An encoding name as the codec registry normalises it, mapped to the codecs the VM has.
pub(super) fn codec(name: &str) -> Option<&'static str> {
    let norm: String =
        name.trim().chars().map(|c| if c == '-' || c == ' ' { '_' } else { c.to_ascii_lowercase() }).collect();
    Some(match &*norm {
        "utf_8" | "utf8" | "u8" | "utf" | "cp65001" | "utf8_ucs2" | "utf8_ucs4" => "utf-8",
        "ascii" | "us_ascii" | "646" | "us" | "ansi_x3.4_1968" | "iso646_us" => "ascii",
        "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859" | "cp819" | "iso_ir_100" => {
            "latin-1"
        }
        _ => return None,
    })
}

/// The `encoding` and `errors` arguments of encode/decode.
pub(super) fn codec_args(
    name: &'static str,
    owner: &'static str,
    a: &[Value],
    kw: Kw,
) -> PyResult<(&'static str, String)> {
    let [enc, errors, ..] = bind(&Sig::kw(owner, name, &["encoding", "errors"], 0), args(a), kw)?;
    let enc = match enc {
        None => "utf-8",
        Some(Value::Str(s)) => match codec(&s.s) {
            Some(c) => c,
            None => return Err(err(Exc::LookupError, format!("unknown encoding: {}", s.s))),
        },
        Some(v) => {
            return type_error(format!("{name}() argument 'encoding' must be str, not {}", type_name(v)));
        }
    };
    let errors = match errors {
        None => "strict".to_string(),
        Some(Value::Str(s)) => s.s.to_string(),
        Some(v) => return type_error(format!("{name}() argument 'errors' must be str, not {}", type_name(v))),
    };
    Ok((enc, errors))
}

fn unknown_handler(errors: &str) -> Rc<crate::exception::PyException> {
    err(Exc::LookupError, format!("unknown error handler name '{errors}'"))
}

/// `bytes.decode`: utf-8, ascii and latin-1 with the strict, ignore, replace and backslashreplace handlers.
fn decode(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (enc, errors) = codec_args("decode", "bytes", a, kw)?;
    let b = this(a, "decode")?;
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        // One bad span: its length and CPython's reason.
        let (bad, reason) = match enc {
            "latin-1" => {
                out.extend(b[i..].iter().map(|&x| x as char));
                break;
            }
            "ascii" => match b[i..].iter().position(|x| !x.is_ascii()) {
                None => {
                    out.extend(b[i..].iter().map(|&x| x as char));
                    break;
                }
                Some(k) => {
                    out.extend(b[i..i + k].iter().map(|&x| x as char));
                    i += k;
                    (1, "ordinal not in range(128)")
                }
            },
            _ => match std::str::from_utf8(&b[i..]) {
                Ok(s) => {
                    out.push_str(s);
                    break;
                }
                Err(e) => {
                    let good = e.valid_up_to();
                    out.push_str(std::str::from_utf8(&b[i..i + good]).unwrap_or_default());
                    i += good;
                    match e.error_len() {
                        Some(n) if n == 1 && !(0xc2..=0xf4).contains(&b[i]) => (1, "invalid start byte"),
                        Some(n) => (n, "invalid continuation byte"),
                        None => (b.len() - i, "unexpected end of data"),
                    }
                }
            },
        };
        match &*errors {
            "strict" => {
                let what = if bad == 1 {
                    format!("byte 0x{:02x} in position {i}", b[i])
                } else {
                    format!("bytes in position {i}-{}", i + bad - 1)
                };
                return Err(err(Exc::UnicodeDecodeError, format!("'{enc}' codec can't decode {what}: {reason}")));
            }
            "ignore" => {}
            "replace" => out.push('\u{fffd}'),
            "backslashreplace" => {
                for x in &b[i..i + bad] {
                    out.push_str(&format!("\\x{x:02x}"));
                }
            }
            _ => return Err(unknown_handler(&errors)),
        }
        i += bad;
    }
    Ok(Value::string(out))
}

/// `str.encode` into `enc` (a name [`codec`] returned).
pub(super) fn encode(s: &str, enc: &str, errors: &str) -> PyResult<Vec<u8>> {
    if enc == "utf-8" {
        return Ok(s.as_bytes().to_vec());
    }
    let limit: u32 = if enc == "ascii" { 0x80 } else { 0x100 };
    let mut out = Vec::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c as u32) < limit {
            out.push(c as u32 as u8);
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j] as u32 >= limit {
            j += 1;
        }
        match errors {
            "strict" => {
                let what = if j - i == 1 {
                    let n = c as u32;
                    let esc = if n <= 0xff {
                        format!("\\x{n:02x}")
                    } else if n <= 0xffff {
                        format!("\\u{n:04x}")
                    } else {
                        format!("\\U{n:08x}")
                    };
                    format!("character '{esc}' in position {i}")
                } else {
                    format!("characters in position {i}-{}", j - 1)
                };
                return Err(err(
                    Exc::UnicodeEncodeError,
                    format!("'{enc}' codec can't encode {what}: ordinal not in range({limit})"),
                ));
            }
            "ignore" => {}
            "replace" => out.extend(std::iter::repeat_n(b'?', j - i)),
            "backslashreplace" | "xmlcharrefreplace" => {
                for &c in &chars[i..j] {
                    let n = c as u32;
                    let esc = if errors == "xmlcharrefreplace" {
                        format!("&#{n};")
                    } else if n <= 0xff {
                        format!("\\x{n:02x}")
                    } else if n <= 0xffff {
                        format!("\\u{n:04x}")
                    } else {
                        format!("\\U{n:08x}")
                    };
                    out.extend_from_slice(esc.as_bytes());
                }
            }
            _ => return Err(unknown_handler(errors)),
        }
        i = j;
    }
    Ok(out)
}

/// `bytes.hex(sep=..., bytes_per_sep=1)`: groups of `bytes_per_sep` counted from the right (from the left when
/// negative).
fn hex(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [sep, per, ..] = bind(&Sig::kw("bytes", "hex", &["sep", "bytes_per_sep"], 0), args(a), kw)?;
    let b = this(a, "hex")?;
    Ok(Value::string(hex_string(b, sep, per)?))
}

pub(crate) fn hex_string(b: &[u8], sep: Option<&Value>, per: Option<&Value>) -> PyResult<String> {
    let sep = match sep {
        None => None,
        Some(Value::Str(s)) if s.chars == 1 && s.s.is_ascii() => Some(s.s.as_bytes()[0] as char),
        Some(Value::Bytes(s)) if s.len() == 1 && s[0].is_ascii() => Some(s[0] as char),
        Some(Value::Str(s)) if s.chars == 1 => return value_error("sep must be ASCII."),
        Some(Value::Str(_) | Value::Bytes(_)) => return value_error("sep must be length 1."),
        Some(v) => return type_error(format!("object of type '{}' has no len()", type_name(v))),
    };
    let per = match per {
        Some(v) => index_arg(v)?,
        None => 1,
    };
    let mut out = String::with_capacity(b.len() * 3);
    let group = per.unsigned_abs() as usize;
    for (i, x) in b.iter().enumerate() {
        if let Some(sep) = sep
            && i > 0
            && group > 0
        {
            let boundary = if per > 0 { (b.len() - i).is_multiple_of(group) } else { i.is_multiple_of(group) };
            if boundary {
                out.push(sep);
            }
        }
        out.push_str(&format!("{x:02x}"));
    }
    Ok(out)
}

fn fromhex(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [s, ..] = bind(&Sig::one("bytes", "fromhex"), args(a), kw)?;
    let s = match s {
        Some(Value::Str(s)) => s,
        Some(v) => return type_error(format!("fromhex() argument must be str, not {}", type_name(v))),
        None => return type_error("bytes.fromhex() takes exactly one argument (0 given)"),
    };
    let chars: Vec<char> = s.s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let bad = |i: usize| value_error(format!("non-hexadecimal number found in fromhex() arg at position {i}"));
    while i < chars.len() {
        if chars[i].is_ascii_whitespace() || chars[i] == '\x0b' {
            i += 1;
            continue;
        }
        let Some(hi) = chars[i].to_digit(16) else { return bad(i) };
        let Some(lo) = chars.get(i + 1).and_then(|c| c.to_digit(16)) else { return bad(i + 1) };
        out.push((hi * 16 + lo) as u8);
        i += 2;
    }
    Ok(bytes_val(out))
}

fn maketrans(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [from, to, ..] = bind(&Sig::pos("bytes", "maketrans", 2, 2), args(a), kw)?;
    let from = bytes_arg(from.unwrap_or(&Value::None))?;
    let to = bytes_arg(to.unwrap_or(&Value::None))?;
    if from.len() != to.len() {
        return value_error("maketrans arguments must have same length");
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (&f, &t) in from.iter().zip(to) {
        table[f as usize] = t;
    }
    Ok(bytes_val(table))
}

fn translate(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [table, delete, ..] = bind(&Sig::kw("bytes", "translate", &["", "delete"], 1), args(a), kw)?;
    let b = this(a, "translate")?;
    let table = match table {
        None | Some(Value::None) => None,
        Some(v) => {
            let t = bytes_arg(v)?;
            if t.len() != 256 {
                return value_error("translation table must be 256 characters long");
            }
            Some(t)
        }
    };
    let delete = match delete {
        Some(v) => bytes_arg(v)?,
        None => &[],
    };
    Ok(bytes_val(b.iter().filter(|x| !delete.contains(x)).map(|&x| table.map_or(x, |t| t[x as usize])).collect()))
}

/// `bytes % args`: str's printf-style formatting over the Latin-1 view of the bytes, with bytes arguments seen as
/// Latin-1 text, so `%s` inserts their bytes unchanged.
pub fn bytes_percent(fmt: &[u8], args: &Value) -> PyResult<Value> {
    fn latin1(v: &Value) -> Value {
        match v {
            Value::Bytes(b) => Value::string(b.iter().map(|&c| c as char).collect()),
            other => other.clone(),
        }
    }
    let args = match args {
        Value::Tuple(t) => Value::tuple(t.iter().map(latin1).collect()),
        other => latin1(other),
    };
    let text: String = fmt.iter().map(|&c| c as char).collect();
    match crate::builtins::percent_format(&text, &args)? {
        Value::Str(s) => Ok(bytes_val(s.s.chars().map(|c| c as u32 as u8).collect())),
        other => Ok(other),
    }
}
