//! Methods of the built-in types (str, list, dict, set, tuple, int, float, bytes): receiver in `a[0]`.

use std::rc::Rc;

use crate::builtins::{BuiltinFn, Kw, no_kw};
use crate::dict::HKey;
use crate::exception::{Exc, PyException, PyResult, err, type_error, value_error};
use crate::ops::{self, type_name};
use crate::value::{PyStr, Value};
use crate::vm::Vm;

macro_rules! method {
    ($id:ident, $owner:literal, $name:literal, $f:expr) => {
        static $id: BuiltinFn = BuiltinFn { name: $name, owner: Some($owner), f: $f };
    };
}

/// The built-in method `name` of `v`'s type, if any.
pub fn lookup(v: &Value, name: &str) -> Option<&'static BuiltinFn> {
    Some(match v {
        Value::Str(_) => match name {
            "join" => &STR_JOIN,
            "split" => &STR_SPLIT,
            "rsplit" => &STR_RSPLIT,
            "upper" => &STR_UPPER,
            "lower" => &STR_LOWER,
            "strip" => &STR_STRIP,
            "lstrip" => &STR_LSTRIP,
            "rstrip" => &STR_RSTRIP,
            "replace" => &STR_REPLACE,
            "startswith" => &STR_STARTSWITH,
            "endswith" => &STR_ENDSWITH,
            "find" => &STR_FIND,
            "rfind" => &STR_RFIND,
            "index" => &STR_INDEX,
            "count" => &STR_COUNT,
            "format" => &STR_FORMAT,
            "isdigit" => &STR_ISDIGIT,
            "isdecimal" => &STR_ISDIGIT,
            "isnumeric" => &STR_ISDIGIT,
            "isalpha" => &STR_ISALPHA,
            "isalnum" => &STR_ISALNUM,
            "isspace" => &STR_ISSPACE,
            "isupper" => &STR_ISUPPER,
            "islower" => &STR_ISLOWER,
            "isidentifier" => &STR_ISIDENTIFIER,
            "istitle" => &STR_ISTITLE,
            "expandtabs" => &STR_EXPANDTABS,
            "title" => &STR_TITLE,
            "capitalize" => &STR_CAPITALIZE,
            "swapcase" => &STR_SWAPCASE,
            "center" => &STR_CENTER,
            "ljust" => &STR_LJUST,
            "rjust" => &STR_RJUST,
            "zfill" => &STR_ZFILL,
            "splitlines" => &STR_SPLITLINES,
            "partition" => &STR_PARTITION,
            "rpartition" => &STR_RPARTITION,
            "encode" => &STR_ENCODE,
            "removeprefix" => &STR_REMOVEPREFIX,
            "removesuffix" => &STR_REMOVESUFFIX,
            _ => return None,
        },
        Value::List(_) => match name {
            "append" => &LIST_APPEND,
            "extend" => &LIST_EXTEND,
            "pop" => &LIST_POP,
            "insert" => &LIST_INSERT,
            "index" => &SEQ_INDEX,
            "count" => &SEQ_COUNT,
            "sort" => &LIST_SORT,
            "reverse" => &LIST_REVERSE,
            "copy" => &LIST_COPY,
            "remove" => &LIST_REMOVE,
            "clear" => &LIST_CLEAR,
            _ => return None,
        },
        Value::Tuple(_) => match name {
            "index" => &SEQ_INDEX,
            "count" => &SEQ_COUNT,
            _ => return None,
        },
        Value::Dict(_) => match name {
            "get" => &DICT_GET,
            "keys" => &DICT_KEYS,
            "values" => &DICT_VALUES,
            "items" => &DICT_ITEMS,
            "pop" => &DICT_POP,
            "update" => &DICT_UPDATE,
            "setdefault" => &DICT_SETDEFAULT,
            "copy" => &DICT_COPY,
            "clear" => &DICT_CLEAR,
            "popitem" => &DICT_POPITEM,
            _ => return None,
        },
        Value::Set(_) => match name {
            "add" => &SET_ADD,
            "discard" => &SET_DISCARD,
            "remove" => &SET_REMOVE,
            "update" => &SET_UPDATE,
            "pop" => &SET_POP,
            "clear" => &SET_CLEAR,
            "copy" => &SET_COPY,
            "union" => &SET_UNION,
            "intersection" => &SET_INTERSECTION,
            "difference" => &SET_DIFFERENCE,
            "symmetric_difference" => &SET_SYMDIFF,
            "issubset" => &SET_ISSUBSET,
            "issuperset" => &SET_ISSUPERSET,
            "isdisjoint" => &SET_ISDISJOINT,
            _ => return None,
        },
        Value::FrozenSet(_) => match name {
            "copy" => &SET_COPY,
            "union" => &SET_UNION,
            "intersection" => &SET_INTERSECTION,
            "difference" => &SET_DIFFERENCE,
            "symmetric_difference" => &SET_SYMDIFF,
            "issubset" => &SET_ISSUBSET,
            "issuperset" => &SET_ISSUPERSET,
            "isdisjoint" => &SET_ISDISJOINT,
            _ => return None,
        },
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => match name {
            "bit_length" => &INT_BIT_LENGTH,
            "bit_count" => &INT_BIT_COUNT,
            _ => return None,
        },
        Value::Float(_) => match name {
            "is_integer" => &FLOAT_IS_INTEGER,
            _ => return None,
        },
        Value::Bytes(_) => match name {
            "decode" => &BYTES_DECODE,
            "hex" => &BYTES_HEX,
            "upper" => &BYTES_UPPER,
            "lower" => &BYTES_LOWER,
            "replace" => &BYTES_REPLACE,
            "split" => &BYTES_SPLIT,
            "strip" => &BYTES_STRIP,
            "find" => &BYTES_FIND,
            "count" => &BYTES_COUNT,
            "startswith" => &BYTES_STARTSWITH,
            "endswith" => &BYTES_ENDSWITH,
            "join" => &BYTES_JOIN,
            "index" => &BYTES_INDEX,
            "isdigit" => &BYTES_ISDIGIT,
            "isalpha" => &BYTES_ISALPHA,
            _ => return None,
        },
        Value::Code(_) => match name {
            "co_positions" => &CODE_POSITIONS,
            "co_lines" => &CODE_LINES,
            _ => return None,
        },
        _ => return None,
    })
}

fn this_str(a: &[Value]) -> PyResult<&PyStr> {
    match a.first() {
        Some(Value::Str(s)) => Ok(s),
        Some(v) => type_error(format!("descriptor requires a 'str' object but received a '{}'", type_name(v))),
        None => type_error("descriptor needs an argument"),
    }
}

fn args_between(name: &str, a: &[Value], min: usize, max: usize) -> PyResult<()> {
    let n = a.len() - 1;
    if n < min || n > max {
        if min == max && min == 0 {
            return type_error(format!("{name}() takes no arguments ({n} given)"));
        }
        if min == max && min == 1 {
            return type_error(format!("{name}() takes exactly one argument ({n} given)"));
        }
        if n < min {
            return type_error(format!(
                "{name} expected at least {min} argument{}, got {n}",
                if min == 1 { "" } else { "s" }
            ));
        }
        return type_error(format!(
            "{name} expected at most {max} argument{}, got {n}",
            if max == 1 { "" } else { "s" }
        ));
    }
    Ok(())
}

fn str_arg<'a>(v: &'a Value, what: &str) -> PyResult<&'a str> {
    match v {
        Value::Str(s) => Ok(&s.s),
        _ => type_error(format!("{what} must be str, not {}", type_name(v))),
    }
}

fn opt_sep(a: &[Value], kw: Kw) -> PyResult<Option<String>> {
    let v = a.get(1).or(kw.iter().find(|(k, _)| &*k.s == "sep").map(|(_, v)| v));
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(s)) => {
            if s.s.is_empty() {
                return value_error("empty separator");
            }
            Ok(Some(s.s.to_string()))
        }
        Some(v) => type_error(format!("must be str or None, not {}", type_name(v))),
    }
}

fn maxsplit(a: &[Value], kw: Kw) -> i64 {
    a.get(2).or(kw.iter().find(|(k, _)| &*k.s == "maxsplit").map(|(_, v)| v)).and_then(ops::as_index).unwrap_or(-1)
}

fn strs(v: Vec<&str>) -> Value {
    Value::list(v.into_iter().map(Value::str).collect())
}

method!(STR_JOIN, "str", "join", |vm, a, kw| {
    no_kw("str.join", kw)?;
    args_between("str.join", a, 1, 1)?;
    let sep = this_str(a)?;
    let items = vm.collect(&a[1])?;
    let mut out = String::new();
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep.s);
        }
        match v {
            Value::Str(s) => out.push_str(&s.s),
            _ => {
                return type_error(format!("sequence item {i}: expected str instance, {} found", type_name(v)));
            }
        }
    }
    Ok(Value::string(out))
});

method!(STR_SPLIT, "str", "split", |_, a, kw| {
    let s = &this_str(a)?.s;
    let max = maxsplit(a, kw);
    Ok(match opt_sep(a, kw)? {
        None => {
            let mut out = Vec::new();
            let mut rest = s.trim_start();
            while !rest.is_empty() {
                if max >= 0 && out.len() as i64 == max {
                    out.push(rest);
                    break;
                }
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                out.push(&rest[..end]);
                rest = rest[end..].trim_start();
            }
            strs(out)
        }
        Some(sep) => {
            if max < 0 {
                strs(s.split(&*sep).collect())
            } else {
                strs(s.splitn(max as usize + 1, &*sep).collect())
            }
        }
    })
});

method!(STR_RSPLIT, "str", "rsplit", |_, a, kw| {
    let s = &this_str(a)?.s;
    let max = maxsplit(a, kw);
    Ok(match opt_sep(a, kw)? {
        None => {
            let mut out = Vec::new();
            let mut rest = s.trim_end();
            while !rest.is_empty() {
                if max >= 0 && out.len() as i64 == max {
                    out.push(rest);
                    break;
                }
                let start = rest
                    .rfind(char::is_whitespace)
                    .map(|i| i + rest[i..].chars().next().map_or(1, char::len_utf8))
                    .unwrap_or(0);
                out.push(&rest[start..]);
                rest = rest[..start].trim_end();
            }
            out.reverse();
            strs(out)
        }
        Some(sep) => {
            let mut v: Vec<&str> =
                if max < 0 { s.rsplit(&*sep).collect() } else { s.rsplitn(max as usize + 1, &*sep).collect() };
            v.reverse();
            strs(v)
        }
    })
});

method!(STR_UPPER, "str", "upper", |_, a, _| Ok(Value::string(this_str(a)?.s.to_uppercase())));
method!(STR_LOWER, "str", "lower", |_, a, _| Ok(Value::string(this_str(a)?.s.to_lowercase())));
method!(STR_SWAPCASE, "str", "swapcase", |_, a, _| {
    Ok(Value::string(
        this_str(a)?
            .s
            .chars()
            .flat_map(|c| {
                if c.is_uppercase() {
                    c.to_lowercase().collect::<Vec<_>>()
                } else {
                    c.to_uppercase().collect::<Vec<_>>()
                }
            })
            .collect(),
    ))
});

fn strip_chars(a: &[Value]) -> PyResult<Option<Vec<char>>> {
    match a.get(1) {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.s.chars().collect())),
        Some(v) => type_error(format!("strip arg must be None or str, not {}", type_name(v))),
    }
}

method!(STR_STRIP, "str", "strip", |_, a, _| {
    let s = &this_str(a)?.s;
    Ok(Value::str(match strip_chars(a)? {
        None => s.trim(),
        Some(cs) => s.trim_matches(|c| cs.contains(&c)),
    }))
});
method!(STR_LSTRIP, "str", "lstrip", |_, a, _| {
    let s = &this_str(a)?.s;
    Ok(Value::str(match strip_chars(a)? {
        None => s.trim_start(),
        Some(cs) => s.trim_start_matches(|c| cs.contains(&c)),
    }))
});
method!(STR_RSTRIP, "str", "rstrip", |_, a, _| {
    let s = &this_str(a)?.s;
    Ok(Value::str(match strip_chars(a)? {
        None => s.trim_end(),
        Some(cs) => s.trim_end_matches(|c| cs.contains(&c)),
    }))
});

method!(STR_REPLACE, "str", "replace", |_, a, _| {
    args_between("replace", a, 2, 3)?;
    let s = &this_str(a)?.s;
    let old = str_arg(&a[1], "replace() argument 1")?;
    let new = str_arg(&a[2], "replace() argument 2")?;
    let count = a.get(3).and_then(ops::as_index).unwrap_or(-1);
    if count < 0 {
        if old.is_empty() {
            let mut out = String::from(new);
            for c in s.chars() {
                out.push(c);
                out.push_str(new);
            }
            return Ok(Value::string(out));
        }
        return Ok(Value::string(s.replace(old, new)));
    }
    Ok(Value::string(s.replacen(old, new, count as usize)))
});

fn prefix_check(a: &[Value], name: &str, test: fn(&str, &str) -> bool) -> PyResult<Value> {
    args_between(name, a, 1, 3)?;
    let s = &this_str(a)?.s;
    let sub = slice_of(s, a, 2)?;
    match &a[1] {
        Value::Str(p) => Ok(Value::Bool(test(sub, &p.s))),
        Value::Tuple(t) => {
            for p in t.iter() {
                match p {
                    Value::Str(p) if test(sub, &p.s) => return Ok(Value::Bool(true)),
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

/// `s[start:end]` for the optional start/end arguments at `a[from]`, `a[from+1]` (character indices).
fn slice_of<'a>(s: &'a str, a: &[Value], from: usize) -> PyResult<&'a str> {
    if a.len() <= from {
        return Ok(s);
    }
    let n = s.chars().count() as i64;
    let get = |i: usize, def: i64| -> i64 {
        match a.get(i) {
            None | Some(Value::None) => def,
            Some(v) => {
                let x = ops::as_index(v).unwrap_or(def);
                if x < 0 { (x + n).max(0) } else { x.min(n) }
            }
        }
    };
    let (start, end) = (get(from, 0), get(from + 1, n));
    if start > end {
        return Ok("");
    }
    let byte = |ci: i64| s.char_indices().nth(ci as usize).map(|(b, _)| b).unwrap_or(s.len());
    Ok(&s[byte(start)..byte(end)])
}

method!(STR_STARTSWITH, "str", "startswith", |_, a, _| prefix_check(a, "startswith", |s, p| s.starts_with(p)));
method!(STR_ENDSWITH, "str", "endswith", |_, a, _| prefix_check(a, "endswith", |s, p| s.ends_with(p)));

fn char_index(s: &str, byte: usize) -> i64 {
    s[..byte].chars().count() as i64
}

fn find_impl(a: &[Value], name: &str, rev: bool) -> PyResult<Option<i64>> {
    args_between(name, a, 1, 3)?;
    let s = &this_str(a)?.s;
    let sub = str_arg(&a[1], "must")?;
    let hay = slice_of(s, a, 2)?;
    let offset = (hay.as_ptr() as usize) - (s.as_ptr() as usize);
    let found = if rev { hay.rfind(sub) } else { hay.find(sub) };
    Ok(found.map(|b| char_index(s, b + offset)))
}

method!(STR_FIND, "str", "find", |_, a, _| Ok(Value::Int(find_impl(a, "find", false)?.unwrap_or(-1))));
method!(STR_RFIND, "str", "rfind", |_, a, _| Ok(Value::Int(find_impl(a, "rfind", true)?.unwrap_or(-1))));
method!(STR_INDEX, "str", "index", |_, a, _| match find_impl(a, "index", false)? {
    Some(i) => Ok(Value::Int(i)),
    None => value_error("substring not found"),
});
method!(STR_COUNT, "str", "count", |_, a, _| {
    args_between("count", a, 1, 3)?;
    let s = slice_of(&this_str(a)?.s, a, 2)?;
    let sub = str_arg(&a[1], "must")?;
    if sub.is_empty() {
        return Ok(Value::Int(s.chars().count() as i64 + 1));
    }
    Ok(Value::Int(s.matches(sub).count() as i64))
});

method!(STR_FORMAT, "str", "format", |vm, a, kw| {
    let s = this_str(a)?.s.to_string();
    Ok(Value::string(str_format(vm, &s, &a[1..], kw)?))
});

/// `str.format`: `{}` / `{0}` / `{name}` fields with `!r`/`!s` and a format spec, `{{` and `}}` escapes.
fn str_format(vm: &mut Vm, fmt: &str, args: &[Value], kw: Kw) -> PyResult<String> {
    let mut out = String::new();
    let mut auto = 0usize;
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '}' {
            if chars.peek() == Some(&'}') {
                chars.next();
                out.push('}');
                continue;
            }
            return value_error("Single '}' encountered in format string");
        }
        if c != '{' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'{') {
            chars.next();
            out.push('{');
            continue;
        }
        let mut field = String::new();
        let mut depth = 1;
        for c in chars.by_ref() {
            if c == '{' {
                depth += 1;
            } else if c == '}' {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            field.push(c);
        }
        if depth != 0 {
            return value_error("expected '}' before end of string");
        }
        let (head, spec) = match field.find(':') {
            Some(i) => (&field[..i], &field[i + 1..]),
            None => (&field[..], ""),
        };
        let (name, conv) = match head.find('!') {
            Some(i) => (&head[..i], Some(&head[i + 1..])),
            None => (head, None),
        };
        let (first, rest) = match name.find(['.', '[']) {
            Some(i) => (&name[..i], &name[i..]),
            None => (name, ""),
        };
        let mut v = if first.is_empty() {
            let v = args.get(auto).cloned();
            auto += 1;
            v.ok_or_else(|| {
                err(Exc::IndexError, format!("Replacement index {} out of range for positional args tuple", auto - 1))
            })?
        } else if let Ok(i) = first.parse::<usize>() {
            args.get(i).cloned().ok_or_else(|| {
                err(Exc::IndexError, format!("Replacement index {i} out of range for positional args tuple"))
            })?
        } else {
            kw.iter()
                .find(|(k, _)| &*k.s == first)
                .map(|(_, v)| v.clone())
                .ok_or_else(|| PyException::new(Exc::KeyError, vec![Value::str(first)]))?
        };
        let mut rest = rest;
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('.') {
                let end = r.find(['.', '[']).unwrap_or(r.len());
                v = crate::attr::get_attr(vm, &v, &r[..end])?;
                rest = &r[end..];
            } else if let Some(r) = rest.strip_prefix('[') {
                let end = r.find(']').unwrap_or(r.len());
                let key = &r[..end];
                let k = match key.parse::<i64>() {
                    Ok(i) => Value::Int(i),
                    Err(_) => Value::str(key),
                };
                v = ops::getitem(&v, &k)?;
                rest = r.get(end + 1..).unwrap_or("");
            } else {
                break;
            }
        }
        let v = match conv {
            Some("r") => Value::string(vm.repr(&v)?),
            Some("s") => Value::string(vm.str_of(&v)?),
            Some("a") => Value::string(ops::repr(&v)),
            Some(_) => return value_error("Unknown conversion specifier"),
            None => v,
        };
        let spec = if spec.contains('{') { str_format(vm, spec, args, kw)? } else { spec.to_string() };
        out.push_str(&crate::builtins::format_value(&v, &spec)?);
    }
    Ok(out)
}

fn all_chars(a: &[Value], f: fn(char) -> bool) -> PyResult<Value> {
    let s = &this_str(a)?.s;
    Ok(Value::Bool(!s.is_empty() && s.chars().all(f)))
}

method!(STR_ISDIGIT, "str", "isdigit", |_, a, _| all_chars(a, |c| c.is_numeric()));
method!(STR_ISALPHA, "str", "isalpha", |_, a, _| all_chars(a, char::is_alphabetic));
method!(STR_ISALNUM, "str", "isalnum", |_, a, _| all_chars(a, char::is_alphanumeric));
method!(STR_ISSPACE, "str", "isspace", |_, a, _| all_chars(a, char::is_whitespace));
method!(STR_ISUPPER, "str", "isupper", |_, a, _| {
    let s = &this_str(a)?.s;
    Ok(Value::Bool(s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase)))
});
method!(STR_ISLOWER, "str", "islower", |_, a, _| {
    let s = &this_str(a)?.s;
    Ok(Value::Bool(s.chars().any(char::is_lowercase) && !s.chars().any(char::is_uppercase)))
});
method!(STR_ISIDENTIFIER, "str", "isidentifier", |_, a, _| {
    let s = &this_str(a)?.s;
    let mut cs = s.chars();
    Ok(Value::Bool(
        cs.next().is_some_and(|c| c == '_' || c.is_alphabetic()) && cs.all(|c| c == '_' || c.is_alphanumeric()),
    ))
});

method!(STR_ISTITLE, "str", "istitle", |_, a, _| {
    let mut cased = false;
    let mut prev_cased = false;
    for c in this_str(a)?.s.chars() {
        if c.is_uppercase() {
            if prev_cased {
                return Ok(Value::Bool(false));
            }
            prev_cased = true;
            cased = true;
        } else if c.is_lowercase() {
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
});

method!(STR_EXPANDTABS, "str", "expandtabs", |_, a, _| {
    let size = a.get(1).and_then(ops::as_index).unwrap_or(8).max(0) as usize;
    let mut out = String::new();
    let mut col = 0;
    for c in this_str(a)?.s.chars() {
        match c {
            '\t' => {
                if size > 0 {
                    let n = size - col % size;
                    out.extend(std::iter::repeat_n(' ', n));
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
});

method!(STR_TITLE, "str", "title", |_, a, _| {
    let mut out = String::new();
    let mut prev_cased = false;
    for c in this_str(a)?.s.chars() {
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_cased = c.is_alphabetic();
    }
    Ok(Value::string(out))
});

method!(STR_CAPITALIZE, "str", "capitalize", |_, a, _| {
    let s = &this_str(a)?.s;
    let mut cs = s.chars();
    let out = match cs.next() {
        Some(c) => c.to_uppercase().chain(cs.flat_map(char::to_lowercase)).collect(),
        None => String::new(),
    };
    Ok(Value::string(out))
});

fn justify(a: &[Value], name: &str, how: char) -> PyResult<Value> {
    args_between(name, a, 1, 2)?;
    let s = this_str(a)?;
    let width = ops::as_index(&a[1]).ok_or_else(|| {
        err(Exc::TypeError, format!("'{}' object cannot be interpreted as an integer", type_name(&a[1])))
    })?;
    let fill = match a.get(2) {
        None => ' ',
        Some(Value::Str(f)) if f.chars == 1 => f.s.chars().next().unwrap_or(' '),
        Some(_) => return type_error("The fill character must be exactly one character long"),
    };
    let n = s.chars as i64;
    if width <= n {
        return Ok(Value::Str(Rc::new(PyStr::new(&*s.s))));
    }
    let pad = (width - n) as usize;
    let fills = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
    Ok(Value::string(match how {
        '<' => format!("{}{}", s.s, fills(pad)),
        '>' => format!("{}{}", fills(pad), s.s),
        _ => {
            // CPython's center puts the extra character on the left when both the padding and width are odd.
            let left = pad / 2 + (pad & width as usize & 1);
            format!("{}{}{}", fills(left), s.s, fills(pad - left))
        }
    }))
}

method!(STR_CENTER, "str", "center", |_, a, _| justify(a, "center", '^'));
method!(STR_LJUST, "str", "ljust", |_, a, _| justify(a, "ljust", '<'));
method!(STR_RJUST, "str", "rjust", |_, a, _| justify(a, "rjust", '>'));
method!(STR_ZFILL, "str", "zfill", |_, a, _| {
    args_between("zfill", a, 1, 1)?;
    let s = &this_str(a)?.s;
    let width = ops::as_index(&a[1]).unwrap_or(0);
    let n = s.chars().count() as i64;
    if width <= n {
        return Ok(Value::str(s));
    }
    let pad = "0".repeat((width - n) as usize);
    Ok(Value::string(match s.strip_prefix(['+', '-']) {
        Some(rest) => format!("{}{pad}{rest}", &s[..1]),
        None => format!("{pad}{s}"),
    }))
});

method!(STR_SPLITLINES, "str", "splitlines", |_, a, _| {
    let s = &this_str(a)?.s;
    let keep = a.get(1).map(ops::truthy).unwrap_or(false);
    let mut out = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < bytes.len() {
        let (b, c) = bytes[i];
        if matches!(c, '\n' | '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}') {
            let mut end = b + c.len_utf8();
            if c == '\r' && i + 1 < bytes.len() && bytes[i + 1].1 == '\n' {
                end += 1;
                i += 1;
            }
            out.push(Value::str(if keep { &s[start..end] } else { &s[start..b] }));
            start = end;
        }
        i += 1;
    }
    if start < s.len() {
        out.push(Value::str(&s[start..]));
    }
    Ok(Value::list(out))
});

method!(STR_PARTITION, "str", "partition", |_, a, _| {
    args_between("partition", a, 1, 1)?;
    let s = &this_str(a)?.s;
    let sep = str_arg(&a[1], "must")?;
    if sep.is_empty() {
        return value_error("empty separator");
    }
    Ok(match s.find(sep) {
        Some(i) => Value::tuple(vec![Value::str(&s[..i]), Value::str(sep), Value::str(&s[i + sep.len()..])]),
        None => Value::tuple(vec![Value::str(s), Value::str(""), Value::str("")]),
    })
});

method!(STR_RPARTITION, "str", "rpartition", |_, a, _| {
    args_between("rpartition", a, 1, 1)?;
    let s = &this_str(a)?.s;
    let sep = str_arg(&a[1], "must")?;
    if sep.is_empty() {
        return value_error("empty separator");
    }
    Ok(match s.rfind(sep) {
        Some(i) => Value::tuple(vec![Value::str(&s[..i]), Value::str(sep), Value::str(&s[i + sep.len()..])]),
        None => Value::tuple(vec![Value::str(""), Value::str(""), Value::str(s)]),
    })
});

method!(STR_ENCODE, "str", "encode", |_, a, _| Ok(Value::Bytes(Rc::new(this_str(a)?.s.as_bytes().to_vec()))));
method!(STR_REMOVEPREFIX, "str", "removeprefix", |_, a, _| {
    args_between("removeprefix", a, 1, 1)?;
    let s = &this_str(a)?.s;
    let p = str_arg(&a[1], "removeprefix() argument")?;
    Ok(Value::str(s.strip_prefix(p).unwrap_or(s)))
});
method!(STR_REMOVESUFFIX, "str", "removesuffix", |_, a, _| {
    args_between("removesuffix", a, 1, 1)?;
    let s = &this_str(a)?.s;
    let p = str_arg(&a[1], "removesuffix() argument")?;
    Ok(Value::str(s.strip_suffix(p).unwrap_or(s)))
});

fn this_list(a: &[Value]) -> PyResult<&Rc<crate::value::PyList>> {
    match a.first() {
        Some(Value::List(l)) => Ok(l),
        Some(v) => type_error(format!("descriptor requires a 'list' object but received a '{}'", type_name(v))),
        None => type_error("descriptor needs an argument"),
    }
}

method!(LIST_APPEND, "list", "append", |_, a, kw| {
    no_kw("list.append", kw)?;
    if a.len() != 2 {
        return type_error(format!("list.append() takes exactly one argument ({} given)", a.len() - 1));
    }
    this_list(a)?.items.borrow_mut().push(a[1].clone());
    Ok(Value::None)
});

method!(LIST_EXTEND, "list", "extend", |vm, a, _| {
    args_between("list.extend", a, 1, 1)?;
    let items = vm.collect(&a[1])?;
    this_list(a)?.items.borrow_mut().extend(items);
    Ok(Value::None)
});

method!(LIST_POP, "list", "pop", |_, a, _| {
    args_between("pop", a, 0, 1)?;
    let l = this_list(a)?;
    let mut items = l.items.borrow_mut();
    if items.is_empty() {
        return Err(err(Exc::IndexError, "pop from empty list"));
    }
    let n = items.len() as i64;
    let i = match a.get(1) {
        Some(v) => ops::as_index(v).ok_or_else(|| {
            err(Exc::TypeError, format!("'{}' object cannot be interpreted as an integer", type_name(v)))
        })?,
        None => n - 1,
    };
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(err(Exc::IndexError, "pop index out of range"));
    }
    Ok(items.remove(j as usize))
});

method!(LIST_INSERT, "list", "insert", |_, a, _| {
    if a.len() != 3 {
        return type_error(format!("insert expected 2 arguments, got {}", a.len() - 1));
    }
    let l = this_list(a)?;
    let mut items = l.items.borrow_mut();
    let n = items.len() as i64;
    let i = ops::as_index(&a[1]).ok_or_else(|| {
        err(Exc::TypeError, format!("'{}' object cannot be interpreted as an integer", type_name(&a[1])))
    })?;
    let j = if i < 0 { (i + n).max(0) } else { i.min(n) };
    items.insert(j as usize, a[2].clone());
    Ok(Value::None)
});

fn seq_items(v: &Value) -> Vec<Value> {
    match v {
        Value::List(l) => l.items.borrow().clone(),
        Value::Tuple(t) => t.to_vec(),
        _ => Vec::new(),
    }
}

method!(SEQ_INDEX, "list", "index", |_, a, _| {
    args_between("index", a, 1, 3)?;
    let items = seq_items(&a[0]);
    let n = items.len() as i64;
    let norm = |v: Option<&Value>, def: i64| -> i64 {
        match v.and_then(ops::as_index) {
            Some(i) if i < 0 => (i + n).max(0),
            Some(i) => i.min(n),
            None => def,
        }
    };
    let (start, stop) = (norm(a.get(2), 0), norm(a.get(3), n));
    for i in start..stop {
        let x = &items[i as usize];
        if x.is(&a[1]) || ops::eq(x, &a[1]) {
            return Ok(Value::Int(i));
        }
    }
    match a[0] {
        Value::Tuple(_) => value_error("tuple.index(x): x not in tuple"),
        _ => value_error(format!("{} is not in list", ops::repr(&a[1]))),
    }
});

method!(SEQ_COUNT, "list", "count", |_, a, _| {
    args_between("count", a, 1, 1)?;
    let items = seq_items(&a[0]);
    Ok(Value::Int(items.iter().filter(|x| x.is(&a[1]) || ops::eq(x, &a[1])).count() as i64))
});

method!(LIST_SORT, "list", "sort", |vm, a, kw| {
    if a.len() > 1 {
        return type_error("sort() takes no positional arguments");
    }
    for (k, _) in kw {
        if &*k.s != "key" && &*k.s != "reverse" {
            return type_error(format!("'{}' is an invalid keyword argument for sort()", k.s));
        }
    }
    let l = this_list(a)?;
    let key = kw.iter().find(|(k, _)| &*k.s == "key").map(|(_, v)| v.clone()).filter(|v| !matches!(v, Value::None));
    let reverse = kw.iter().find(|(k, _)| &*k.s == "reverse").map(|(_, v)| ops::truthy(v)).unwrap_or(false);
    // Like CPython, the list is emptied while sorting so a key function that mutates it cannot corrupt the sort.
    let items = std::mem::take(&mut *l.items.borrow_mut());
    let sorted = crate::builtins::sort_values(vm, items.clone(), key.as_ref(), reverse);
    let modified = !l.items.borrow().is_empty();
    match sorted {
        Ok(v) => {
            *l.items.borrow_mut() = v;
            if modified {
                return value_error("list modified during sort");
            }
            Ok(Value::None)
        }
        Err(e) => {
            *l.items.borrow_mut() = items;
            Err(e)
        }
    }
});

method!(LIST_REVERSE, "list", "reverse", |_, a, _| {
    this_list(a)?.items.borrow_mut().reverse();
    Ok(Value::None)
});
method!(LIST_COPY, "list", "copy", |_, a, _| Ok(Value::list(this_list(a)?.items.borrow().clone())));
method!(LIST_CLEAR, "list", "clear", |_, a, _| {
    let old = std::mem::take(&mut *this_list(a)?.items.borrow_mut());
    drop(old);
    Ok(Value::None)
});
method!(LIST_REMOVE, "list", "remove", |_, a, _| {
    args_between("list.remove", a, 1, 1)?;
    let l = this_list(a)?;
    let items = l.items.borrow().clone();
    for (i, x) in items.iter().enumerate() {
        if x.is(&a[1]) || ops::eq(x, &a[1]) {
            l.items.borrow_mut().remove(i);
            return Ok(Value::None);
        }
    }
    value_error("list.remove(x): x not in list")
});

fn this_dict(a: &[Value]) -> PyResult<&Rc<crate::dict::PyDict>> {
    match a.first() {
        Some(Value::Dict(d)) => Ok(d),
        _ => type_error("descriptor requires a 'dict' object"),
    }
}

fn hkey(v: &Value) -> PyResult<HKey> {
    Ok(HKey { hash: ops::hash(v)?, key: v.clone() })
}

method!(DICT_GET, "dict", "get", |_, a, _| {
    args_between("get", a, 1, 2)?;
    let d = this_dict(a)?;
    Ok(d.get(&hkey(&a[1])?).unwrap_or_else(|| a.get(2).cloned().unwrap_or(Value::None)))
});

fn view(a: &[Value], kind: u8) -> PyResult<Value> {
    Ok(Value::DictView(Rc::new((this_dict(a)?.clone(), kind))))
}

method!(DICT_KEYS, "dict", "keys", |_, a, _| view(a, 0));
method!(DICT_VALUES, "dict", "values", |_, a, _| view(a, 1));
method!(DICT_ITEMS, "dict", "items", |_, a, _| view(a, 2));

method!(DICT_POP, "dict", "pop", |_, a, _| {
    args_between("pop", a, 1, 2)?;
    let d = this_dict(a)?;
    match d.remove(&hkey(&a[1])?) {
        Some(v) => Ok(v),
        None => match a.get(2) {
            Some(def) => Ok(def.clone()),
            None => Err(PyException::new(Exc::KeyError, vec![a[1].clone()])),
        },
    }
});

method!(DICT_POPITEM, "dict", "popitem", |_, a, _| {
    let d = this_dict(a)?;
    let last = d.map.borrow_mut().pop();
    match last {
        Some((k, v)) => Ok(Value::tuple(vec![k.key, v])),
        None => Err(PyException::new(Exc::KeyError, vec![Value::str("popitem(): dictionary is empty")])),
    }
});

method!(DICT_UPDATE, "dict", "update", |vm, a, kw| {
    args_between("update", a, 0, 1)?;
    let d = this_dict(a)?.clone();
    if let Some(v) = a.get(1) {
        vm.dict_update(&d, v)?;
    }
    for (k, v) in kw {
        d.insert(HKey { hash: k.hash(), key: Value::Str(k.clone()) }, v.clone());
    }
    Ok(Value::None)
});

method!(DICT_SETDEFAULT, "dict", "setdefault", |_, a, _| {
    args_between("setdefault", a, 1, 2)?;
    let d = this_dict(a)?;
    let k = hkey(&a[1])?;
    if let Some(v) = d.get(&k) {
        return Ok(v);
    }
    let v = a.get(2).cloned().unwrap_or(Value::None);
    d.insert(k, v.clone());
    Ok(v)
});

method!(DICT_COPY, "dict", "copy", |_, a, _| {
    let d = this_dict(a)?;
    Ok(Value::Dict(Rc::new(crate::dict::PyDict::from_map(d.map.borrow().clone()))))
});
method!(DICT_CLEAR, "dict", "clear", |_, a, _| {
    let old = std::mem::take(&mut *this_dict(a)?.map.borrow_mut());
    drop(old);
    Ok(Value::None)
});

fn this_set(a: &[Value]) -> PyResult<&Rc<crate::set::PySet>> {
    match a.first() {
        Some(Value::Set(s) | Value::FrozenSet(s)) => Ok(s),
        _ => type_error("descriptor requires a 'set' object"),
    }
}

method!(SET_ADD, "set", "add", |_, a, _| {
    args_between("set.add", a, 1, 1)?;
    let h = ops::hash(&a[1])?;
    this_set(a)?.table.borrow_mut().add(a[1].clone(), h);
    Ok(Value::None)
});
method!(SET_DISCARD, "set", "discard", |_, a, _| {
    args_between("set.discard", a, 1, 1)?;
    let h = ops::hash(&a[1])?;
    this_set(a)?.table.borrow_mut().discard(&a[1], h);
    Ok(Value::None)
});
method!(SET_REMOVE, "set", "remove", |_, a, _| {
    args_between("set.remove", a, 1, 1)?;
    let h = ops::hash(&a[1])?;
    if !this_set(a)?.table.borrow_mut().discard(&a[1], h) {
        return Err(PyException::new(Exc::KeyError, vec![a[1].clone()]));
    }
    Ok(Value::None)
});
method!(SET_UPDATE, "set", "update", |vm, a, _| {
    let s = this_set(a)?.clone();
    for v in &a[1..] {
        vm.set_update(&s, v)?;
    }
    Ok(Value::None)
});
method!(SET_POP, "set", "pop", |_, a, _| {
    let s = this_set(a)?;
    let mut t = s.table.borrow_mut();
    let found = t.slots.iter().position(|x| matches!(x, crate::set::Slot::Full(..)));
    match found {
        Some(i) => {
            let old = std::mem::replace(&mut t.slots[i], crate::set::Slot::Dummy);
            t.used -= 1;
            match old {
                crate::set::Slot::Full(_, k) => Ok(k),
                _ => Ok(Value::None),
            }
        }
        None => Err(err(Exc::KeyError, "pop from an empty set")),
    }
});
method!(SET_CLEAR, "set", "clear", |_, a, _| {
    *this_set(a)?.table.borrow_mut() = crate::set::Table::default();
    Ok(Value::None)
});

fn same_kind(a: &Value, t: crate::set::Table) -> Value {
    let s = Rc::new(crate::set::PySet::from_table(t));
    if matches!(a, Value::FrozenSet(_)) { Value::FrozenSet(s) } else { Value::Set(s) }
}

method!(SET_COPY, "set", "copy", |_, a, _| {
    let t = this_set(a)?.table.borrow().clone();
    Ok(same_kind(&a[0], t))
});

fn set_binop(vm: &mut Vm, a: &[Value], op: u32) -> PyResult<Value> {
    let mut acc = a[0].clone();
    for other in &a[1..] {
        let o = match other {
            Value::Set(_) | Value::FrozenSet(_) => other.clone(),
            _ => {
                let s = crate::set::PySet::new();
                vm.set_update(&s, other)?;
                Value::Set(Rc::new(s))
            }
        };
        acc = ops::binary_op(op, &acc, &o)?;
    }
    if a.len() == 1 {
        let t = this_set(a)?.table.borrow().clone();
        return Ok(same_kind(&a[0], t));
    }
    Ok(acc)
}

method!(SET_UNION, "set", "union", |vm, a, _| set_binop(vm, a, 7));
method!(SET_INTERSECTION, "set", "intersection", |vm, a, _| set_binop(vm, a, 1));
method!(SET_DIFFERENCE, "set", "difference", |vm, a, _| set_binop(vm, a, 10));
method!(SET_SYMDIFF, "set", "symmetric_difference", |vm, a, _| set_binop(vm, a, 12));

fn set_of(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Set(_) | Value::FrozenSet(_) => Ok(v.clone()),
        _ => {
            let s = crate::set::PySet::new();
            vm.set_update(&s, v)?;
            Ok(Value::Set(Rc::new(s)))
        }
    }
}

method!(SET_ISSUBSET, "set", "issubset", |vm, a, _| {
    args_between("issubset", a, 1, 1)?;
    let o = set_of(vm, &a[1])?;
    Ok(Value::Bool(ops::compare(&a[0], &o, 1)?))
});
method!(SET_ISSUPERSET, "set", "issuperset", |vm, a, _| {
    args_between("issuperset", a, 1, 1)?;
    let o = set_of(vm, &a[1])?;
    Ok(Value::Bool(ops::compare(&a[0], &o, 5)?))
});
method!(SET_ISDISJOINT, "set", "isdisjoint", |vm, a, _| {
    args_between("isdisjoint", a, 1, 1)?;
    let o = set_of(vm, &a[1])?;
    let r = ops::binary_op(1, &a[0], &o)?;
    Ok(Value::Bool(ops::len(&r)? == 0))
});

method!(INT_BIT_LENGTH, "int", "bit_length", |_, a, _| {
    let b = ops::to_big(&ops::num(&a[0]).unwrap_or(ops::Num::I(0)));
    Ok(Value::Int(b.bits() as i64))
});
method!(INT_BIT_COUNT, "int", "bit_count", |_, a, _| {
    let b = ops::to_big(&ops::num(&a[0]).unwrap_or(ops::Num::I(0)));
    Ok(Value::Int(b.magnitude().count_ones() as i64))
});
method!(FLOAT_IS_INTEGER, "float", "is_integer", |_, a, _| {
    Ok(Value::Bool(matches!(a[0], Value::Float(f) if f.is_finite() && f == f.trunc())))
});
method!(BYTES_DECODE, "bytes", "decode", |_, a, _| match &a[0] {
    Value::Bytes(b) => match std::str::from_utf8(b) {
        Ok(s) => Ok(Value::str(s)),
        Err(e) => Err(err(
            Exc::UnicodeError,
            format!(
                "'utf-8' codec can't decode byte 0x{:02x} in position {}: invalid start byte",
                b[e.valid_up_to()],
                e.valid_up_to()
            ),
        )),
    },
    _ => type_error("descriptor 'decode' requires a 'bytes' object"),
});
method!(BYTES_HEX, "bytes", "hex", |_, a, _| match &a[0] {
    Value::Bytes(b) => Ok(Value::string(b.iter().map(|x| format!("{x:02x}")).collect())),
    _ => type_error("descriptor 'hex' requires a 'bytes' object"),
});

fn opt_int(v: Option<u32>) -> Value {
    v.map(|x| Value::Int(x as i64)).unwrap_or(Value::None)
}

method!(CODE_POSITIONS, "code", "co_positions", |_, a, _| {
    let Value::Code(c) = &a[0] else { return type_error("descriptor requires a 'code' object") };
    let items: Vec<Value> = c
        .positions()
        .iter()
        .map(|p| Value::tuple(vec![opt_int(p.line), opt_int(p.end_line), opt_int(p.col), opt_int(p.end_col)]))
        .collect();
    Ok(Value::iter(crate::value::IterState::Values { items: items.into(), idx: 0 }))
});

method!(CODE_LINES, "code", "co_lines", |_, a, _| {
    let Value::Code(c) = &a[0] else { return type_error("descriptor requires a 'code' object") };
    // One (start, end, line) per location-table entry; entries are recovered by grouping equal consecutive positions
    // only where the table itself has entry boundaries, which `positions()` flattens, so rebuild from the table.
    let items: Vec<Value> = crate::code::line_ranges(&c.co)
        .into_iter()
        .map(|(s, e, l)| Value::tuple(vec![Value::Int(s as i64), Value::Int(e as i64), opt_int(l)]))
        .collect();
    Ok(Value::iter(crate::value::IterState::Values { items: items.into(), idx: 0 }))
});

/// Bytes methods reuse the str methods on the Latin-1 view of the bytes (one char per byte), converting str results
/// back to bytes: the byte-level semantics are the same for the ASCII-based operations below.
fn via_str(vm: &mut Vm, a: &[Value], kw: Kw, m: &'static BuiltinFn) -> PyResult<Value> {
    fn to_s(v: &Value) -> Value {
        match v {
            Value::Bytes(b) => Value::string(b.iter().map(|&c| c as char).collect()),
            Value::List(l) => Value::list(l.items.borrow().iter().map(to_s).collect()),
            Value::Tuple(t) => Value::tuple(t.iter().map(to_s).collect()),
            other => other.clone(),
        }
    }
    fn to_b(v: Value) -> Value {
        match v {
            Value::Str(s) => Value::Bytes(Rc::new(s.s.chars().map(|c| c as u32 as u8).collect())),
            Value::List(l) => Value::list(l.items.borrow().iter().cloned().map(to_b).collect()),
            Value::Tuple(t) => Value::tuple(t.iter().cloned().map(to_b).collect()),
            other => other,
        }
    }
    let args: Vec<Value> = a.iter().map(to_s).collect();
    Ok(to_b((m.f)(vm, &args, kw)?))
}

method!(BYTES_UPPER, "bytes", "upper", |vm, a, kw| via_str(vm, a, kw, &STR_UPPER));
method!(BYTES_LOWER, "bytes", "lower", |vm, a, kw| via_str(vm, a, kw, &STR_LOWER));
method!(BYTES_REPLACE, "bytes", "replace", |vm, a, kw| via_str(vm, a, kw, &STR_REPLACE));
method!(BYTES_SPLIT, "bytes", "split", |vm, a, kw| via_str(vm, a, kw, &STR_SPLIT));
method!(BYTES_STRIP, "bytes", "strip", |vm, a, kw| via_str(vm, a, kw, &STR_STRIP));
method!(BYTES_FIND, "bytes", "find", |vm, a, kw| via_str(vm, a, kw, &STR_FIND));
method!(BYTES_COUNT, "bytes", "count", |vm, a, kw| via_str(vm, a, kw, &STR_COUNT));
method!(BYTES_STARTSWITH, "bytes", "startswith", |vm, a, kw| via_str(vm, a, kw, &STR_STARTSWITH));
method!(BYTES_ENDSWITH, "bytes", "endswith", |vm, a, kw| via_str(vm, a, kw, &STR_ENDSWITH));
method!(BYTES_JOIN, "bytes", "join", |vm, a, kw| {
    let items = vm.collect(&a[1])?;
    let list = Value::list(items);
    via_str(vm, &[a[0].clone(), list], kw, &STR_JOIN)
});
method!(BYTES_INDEX, "bytes", "index", |vm, a, kw| via_str(vm, a, kw, &STR_INDEX));
method!(BYTES_ISDIGIT, "bytes", "isdigit", |vm, a, kw| via_str(vm, a, kw, &STR_ISDIGIT));
method!(BYTES_ISALPHA, "bytes", "isalpha", |vm, a, kw| via_str(vm, a, kw, &STR_ISALPHA));
