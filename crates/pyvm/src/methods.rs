//! Methods of the built-in types, looked up by receiver and name; a method gets its receiver as `a[0]`.
//!
//! Layout: this file holds the lookup and the argument binding all methods share (CPython's wording for a bad call
//! depends on how the C method parses its arguments, see [`Parse`]). The methods themselves live in
//! `methods/string.rs` (str, `str.format`), `methods/bytes.rs` (bytes, and the byte-level search and split shared
//! with str), `methods/number.rs` (int, bool, float), `methods/container.rs` (list, tuple, dict, set, frozenset),
//! `methods/dunder.rs` (`__add__`, `__len__`, ... as methods) and `methods/code.rs`.

mod bytes;
mod code;
mod container;
mod dunder;
mod number;
mod string;

use num_traits::Signed;

use crate::builtins::{BuiltinFn, Kw};
use crate::exception::{Exc, PyResult, err, type_error};
use crate::ops::type_name;
use crate::value::{TypeKind, Value};

/// Declares a lookup function over a method table: `name => function` arms, one static `BuiltinFn` per method, so
/// looking a method up allocates nothing and the same method is always the same object.
macro_rules! method_table {
    ($(#[$doc:meta])* $vis:vis fn $lookup:ident, $owner:literal { $($name:literal => $f:expr,)* }) => {
        $(#[$doc])*
        $vis fn $lookup(name: &str) -> Option<&'static crate::builtins::BuiltinFn> {
            match name {
                $($name => {
                    static M: crate::builtins::BuiltinFn =
                        crate::builtins::BuiltinFn { name: $name, owner: Some($owner), f: $f };
                    Some(&M)
                })*
                _ => None,
            }
        }
    };
}
pub(crate) use method_table;

static SURROGATE_RECEIVER: BuiltinFn = BuiltinFn {
    name: "str method",
    owner: Some("str"),
    f: |_, _, _| Err(err(Exc::SystemError, "pyvm does not support str methods on strings with lone surrogates yet")),
};

/// The built-in method `name` of `v`'s type, if any.
pub fn lookup(v: &Value, name: &str) -> Option<&'static BuiltinFn> {
    let found = match v {
        // Methods read the U+FFFD stand-in text, so a receiver with lone surrogates gets only `encode`, which knows.
        Value::Str(s) if s.surrogates.is_some() && name != "encode" && !name.starts_with("__") => {
            string::lookup(name).map(|_| &SURROGATE_RECEIVER)
        }
        Value::Str(_) => string::lookup(name),
        Value::Bytes(_) => bytes::lookup(name),
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => number::int_lookup(name),
        Value::Float(_) => number::float_lookup(name),
        Value::List(_) => container::list_lookup(name),
        Value::Tuple(_) => container::tuple_lookup(name),
        Value::Dict(_) => container::dict_lookup(name),
        Value::Set(_) => container::set_lookup(name),
        Value::FrozenSet(_) => container::frozenset_lookup(name),
        Value::Code(_) => code::lookup(name),
        _ => None,
    };
    match found {
        Some(m) => Some(m),
        None if name.starts_with("__") => dunder::lookup(v, name),
        None => None,
    }
}

/// The receiver's type as LOAD_METHOD's cache keys it: nonzero for the built-in types whose methods [`lookup`]
/// finds from the type alone, 0 for values that are not cached.
#[inline]
pub fn cache_tag(v: &Value) -> u8 {
    match v {
        Value::Str(_) => 1,
        Value::Bytes(_) => 2,
        Value::Int(_) => 3,
        Value::BigInt(_) => 4,
        Value::Bool(_) => 5,
        Value::Float(_) => 6,
        Value::List(_) => 7,
        Value::Tuple(_) => 8,
        Value::Dict(_) => 9,
        Value::Set(_) => 10,
        Value::FrozenSet(_) => 11,
        _ => 0,
    }
}

/// The callables a type object offers that take no instance (`bytes.fromhex`, `int.from_bytes`, `dict.fromkeys`,
/// `str.maketrans`, `float.fromhex`). The attribute binds them to the type, so they see the type as `a[0]`.
pub fn class_lookup(kind: TypeKind, name: &str) -> Option<&'static BuiltinFn> {
    match (kind, name) {
        (TypeKind::Str, "maketrans") => string::lookup(name),
        (TypeKind::Bytes, "fromhex" | "maketrans") => bytes::lookup(name),
        (TypeKind::Int | TypeKind::Bool, "from_bytes") => number::int_lookup(name),
        (TypeKind::Float, "fromhex") => number::float_lookup(name),
        (TypeKind::Dict, "fromkeys") => container::dict_lookup(name),
        _ => None,
    }
}

pub use bytes::bytes_percent;

/// How a C method parses its arguments, which decides CPython's wording when a call does not fit.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Parse {
    /// `METH_NOARGS`: "str.upper() takes no arguments (1 given)".
    NoArgs,
    /// `METH_O`: "list.append() takes exactly one argument (0 given)".
    One,
    /// Argument Clinic, positional-only: "replace expected at least 2 arguments, got 1".
    Positional,
    /// `PyArg_ParseTuple`: "find() takes at least 1 argument (0 given)".
    Tuple,
    /// Argument Clinic with keywords: "split() takes at most 2 arguments (3 given)".
    Keywords,
    /// A slot wrapper (`int.__add__`): "expected 1 argument, got 0".
    Wrapper,
}

/// A method's signature, for [`bind`].
pub(crate) struct Sig {
    pub owner: &'static str,
    pub name: &'static str,
    /// Parameter names (used by keyword binding and its messages; positional-only methods may leave them empty).
    pub params: &'static [&'static str],
    pub required: usize,
    /// How many parameters are positional; the rest are keyword-only.
    pub npos: usize,
    /// The most arguments the method takes.
    pub max: usize,
    pub parse: Parse,
}

impl Sig {
    pub const fn noargs(owner: &'static str, name: &'static str) -> Sig {
        Sig { owner, name, params: &[], required: 0, npos: 0, max: 0, parse: Parse::NoArgs }
    }
    pub const fn one(owner: &'static str, name: &'static str) -> Sig {
        Sig { owner, name, params: &[], required: 1, npos: 1, max: 1, parse: Parse::One }
    }
    pub const fn pos(owner: &'static str, name: &'static str, required: usize, max: usize) -> Sig {
        Sig { owner, name, params: &[], required, npos: max, max, parse: Parse::Positional }
    }
    pub const fn tuple(owner: &'static str, name: &'static str, required: usize, max: usize) -> Sig {
        Sig { owner, name, params: &[], required, npos: max, max, parse: Parse::Tuple }
    }
    pub const fn kw(owner: &'static str, name: &'static str, params: &'static [&'static str], required: usize) -> Sig {
        Sig { owner, name, params, required, npos: params.len(), max: params.len(), parse: Parse::Keywords }
    }
    pub const fn kwonly(
        owner: &'static str,
        name: &'static str,
        params: &'static [&'static str],
        required: usize,
        npos: usize,
    ) -> Sig {
        Sig { owner, name, params, required, npos, max: params.len(), parse: Parse::Keywords }
    }
    pub const fn wrapper(owner: &'static str, name: &'static str, required: usize, max: usize) -> Sig {
        Sig { owner, name, params: &[], required, npos: max, max, parse: Parse::Wrapper }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The most parameters any method here has.
const MAX_PARAMS: usize = 4;

/// Binds a call's arguments (receiver excluded) to `sig`'s parameters, failing with CPython's wording.
#[inline]
pub(crate) fn bind<'a>(sig: &Sig, args: &'a [Value], kw: Kw<'a>) -> PyResult<[Option<&'a Value>; MAX_PARAMS]> {
    // The common call, positional arguments that fit, binds without looking at the wording rules.
    let n = args.len();
    if kw.is_empty() && n >= sig.required && n <= sig.npos {
        let mut out: [Option<&'a Value>; MAX_PARAMS] = [None; MAX_PARAMS];
        for (slot, v) in out.iter_mut().zip(args) {
            *slot = Some(v);
        }
        return Ok(out);
    }
    bind_slow(sig, args, kw)
}

#[cold]
#[inline(never)]
fn bind_slow<'a>(sig: &Sig, args: &'a [Value], kw: Kw<'a>) -> PyResult<[Option<&'a Value>; MAX_PARAMS]> {
    let n = args.len();
    let (owner, name) = (sig.owner, sig.name);
    if !kw.is_empty() && sig.parse != Parse::Keywords {
        return type_error(match sig.parse {
            Parse::Tuple => format!("{name}() takes no keyword arguments"),
            Parse::Wrapper => format!("wrapper {name}() takes no keyword arguments"),
            _ => format!("{owner}.{name}() takes no keyword arguments"),
        });
    }
    let (min, max) = (sig.required, sig.max);
    let bad_count = match sig.parse {
        Parse::Keywords => n > sig.npos,
        _ => n < min || n > max,
    };
    if bad_count {
        return type_error(match sig.parse {
            Parse::NoArgs => format!("{owner}.{name}() takes no arguments ({n} given)"),
            Parse::One => format!("{owner}.{name}() takes exactly one argument ({n} given)"),
            Parse::Positional if min == max => format!("{name} expected {max} argument{}, got {n}", plural(max)),
            Parse::Positional if n < min => format!("{name} expected at least {min} argument{}, got {n}", plural(min)),
            Parse::Positional => format!("{name} expected at most {max} argument{}, got {n}", plural(max)),
            Parse::Tuple if min == max => format!("{name}() takes exactly {max} argument{} ({n} given)", plural(max)),
            Parse::Tuple if n < min => format!("{name}() takes at least {min} argument{} ({n} given)", plural(min)),
            Parse::Tuple => format!("{name}() takes at most {max} argument{} ({n} given)", plural(max)),
            Parse::Wrapper if min == max => format!("expected {max} argument{}, got {n}", plural(max)),
            Parse::Wrapper if n < min => format!("expected at least {min} argument{}, got {n}", plural(min)),
            Parse::Wrapper => format!("expected at most {max} argument{}, got {n}", plural(max)),
            Parse::Keywords if sig.npos < sig.max => {
                format!("{name}() takes at most {} positional argument{} ({n} given)", sig.npos, plural(sig.npos))
            }
            Parse::Keywords => format!("{name}() takes at most {max} argument{} ({n} given)", plural(max)),
        });
    }
    let mut out: [Option<&'a Value>; MAX_PARAMS] = [None; MAX_PARAMS];
    for (slot, v) in out.iter_mut().zip(args) {
        *slot = Some(v);
    }
    if !kw.is_empty() {
        if n + kw.len() > max {
            return type_error(format!(
                "{name}() takes at most {max} {}argument{} ({} given)",
                if n == 0 { "keyword " } else { "" },
                plural(max),
                n + kw.len()
            ));
        }
        for (k, v) in kw {
            match sig.params.iter().position(|p| *p == &*k.s) {
                Some(i) if i < n => {
                    return type_error(format!(
                        "argument for {name}() given by name ('{}') and position ({})",
                        k.s,
                        i + 1
                    ));
                }
                Some(i) => out[i] = Some(v),
                None => return type_error(format!("'{}' is an invalid keyword argument for {name}()", k.s)),
            }
        }
    }
    if sig.parse == Parse::Keywords {
        for (i, p) in sig.params.iter().enumerate().take(min) {
            if out[i].is_none() {
                return type_error(format!("{name}() missing required argument '{p}' (pos {})", i + 1));
            }
        }
    }
    Ok(out)
}

/// A method call's arguments after the receiver (none when a method taken from the type is called bare).
pub(crate) fn args(a: &[Value]) -> &[Value] {
    a.get(1..).unwrap_or(&[])
}

/// The receiver check every method makes (a method taken from the type can be called on anything).
pub(crate) fn receiver_error<T>(owner: &str, name: &str, a: &[Value]) -> PyResult<T> {
    match a.first() {
        None => type_error(format!("unbound method {owner}.{name}() needs an argument")),
        Some(v) => {
            if name.starts_with("__") {
                type_error(format!("descriptor '{name}' requires a '{owner}' object but received a '{}'", type_name(v)))
            } else {
                type_error(format!(
                    "descriptor '{name}' for '{owner}' objects doesn't apply to a '{}' object",
                    type_name(v)
                ))
            }
        }
    }
}

/// `operator.index(v)` as a machine int: ints and bools, with CPython's errors for other types and huge ints.
pub(crate) fn index_arg(v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::BigInt(_) => Err(err(Exc::OverflowError, "Python int too large to convert to C ssize_t")),
        _ => type_error(format!("'{}' object cannot be interpreted as an integer", type_name(v))),
    }
}

/// An optional start/end argument of the search methods: None means the default; big ints saturate.
pub(crate) fn slice_arg(v: Option<&Value>) -> PyResult<Option<i64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(Value::Bool(b)) => Ok(Some(*b as i64)),
        Some(Value::BigInt(b)) => Ok(Some(if b.is_negative() { i64::MIN } else { i64::MAX })),
        Some(_) => type_error("slice indices must be integers or None or have an __index__ method"),
    }
}

/// CPython's `ADJUST_INDICES`: the `[start, end)` a search looks in, for a sequence of `len` items. `start` may
/// exceed `len`, which callers treat as "nothing found".
pub(crate) fn adjust_indices(start: Option<&Value>, end: Option<&Value>, len: i64) -> PyResult<(i64, i64)> {
    let mut start = slice_arg(start)?.unwrap_or(0);
    let mut end = slice_arg(end)?.unwrap_or(i64::MAX);
    if end > len {
        end = len;
    } else if end < 0 {
        end = end.saturating_add(len).max(0);
    }
    if start < 0 {
        start = start.saturating_add(len).max(0);
    }
    Ok((start, end))
}
