//! The `builtins` module: built-in functions, the constructors behind the built-in types, and the helpers they
//! share (iteration into a Vec, `format()`, printf-style `%`).

use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::{Signed, Zero};

use crate::dict::{HKey, PyDict};
use crate::exception::{self, Exc, PyException, PyResult, err, type_error, value_error};
use crate::format;
use crate::ops::{self, Num, type_name};
use crate::value::{IterState, PyRange, PySlice, PyStr, PyType, TypeKind, Value};
use crate::vm::Vm;

/// Keyword arguments of a native call: (name, value) pairs.
pub type Kw<'a> = &'a [(Rc<PyStr>, Value)];

pub type NativeFn = fn(&mut Vm, &[Value], Kw) -> PyResult<Value>;

/// A function implemented in Rust. `owner` is the type name for methods (`list.append`).
pub struct BuiltinFn {
    pub name: &'static str,
    pub owner: Option<&'static str>,
    pub f: NativeFn,
}

macro_rules! builtin {
    ($id:ident, $name:literal, $f:expr) => {
        pub static $id: BuiltinFn = BuiltinFn { name: $name, owner: None, f: $f };
    };
}

/// Fails with CPython's wording when a builtin that takes no keywords gets some.
pub fn no_kw(name: &str, kw: Kw) -> PyResult<()> {
    if kw.is_empty() { Ok(()) } else { type_error(format!("{name}() takes no keyword arguments")) }
}

pub fn exactly_one<'a>(name: &str, a: &'a [Value], kw: Kw) -> PyResult<&'a Value> {
    no_kw(name, kw)?;
    if a.len() != 1 {
        return type_error(format!("{name}() takes exactly one argument ({} given)", a.len()));
    }
    Ok(&a[0])
}

fn arg_range(name: &str, a: &[Value], min: usize, max: usize) -> PyResult<()> {
    if a.len() < min {
        if min == max {
            return type_error(format!("{name} expected {min} argument{}, got {}", plural(min), a.len()));
        }
        return type_error(format!("{name} expected at least {min} argument{}, got {}", plural(min), a.len()));
    }
    if a.len() > max {
        if min == max {
            return type_error(format!("{name} expected {max} argument{}, got {}", plural(max), a.len()));
        }
        return type_error(format!("{name} expected at most {max} argument{}, got {}", plural(max), a.len()));
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn kwarg<'a>(kw: Kw<'a>, name: &str) -> Option<&'a Value> {
    kw.iter().find(|(k, _)| &*k.s == name).map(|(_, v)| v)
}

fn check_kw(fname: &str, kw: Kw, allowed: &[&str]) -> PyResult<()> {
    for (k, _) in kw {
        if !allowed.contains(&&*k.s) {
            return type_error(format!("'{}' is an invalid keyword argument for {fname}()", k.s));
        }
    }
    Ok(())
}

/// Collects a built-in iterable without calling Python code (map/filter with Python functions go through the VM).
pub fn collect_iterable_noncall(v: &Value) -> PyResult<Vec<Value>> {
    Ok(match v {
        Value::List(l) => l.items.borrow().clone(),
        Value::Tuple(t) => t.to_vec(),
        Value::Str(s) => s.s.chars().map(|c| Value::string(c.to_string())).collect(),
        Value::Bytes(b) => b.iter().map(|&x| Value::Int(x as i64)).collect(),
        Value::Range(r) => {
            let n = r.len();
            (0..n).map(|i| Value::Int(r.start + i * r.step)).collect()
        }
        Value::Dict(d) => d.keys(),
        Value::Set(s) | Value::FrozenSet(s) => s.table.borrow().items(),
        _ => return type_error(format!("'{}' object is not iterable", type_name(v))),
    })
}

/// `format(value, spec)`.
pub fn format_value(v: &Value, spec: &str) -> PyResult<String> {
    refuse_surrogates(std::slice::from_ref(v))?;
    if spec.is_empty() {
        return Ok(ops::to_str(v));
    }
    let s = format::parse_spec(spec)?;
    match v {
        Value::Str(x) => format::format_str(&x.s, &s),
        Value::Bool(b) if s.ty.is_none() => format::format_str(if *b { "True" } else { "False" }, &s),
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => {
            let b = match ops::num(v) {
                Some(n) => ops::to_big(&n),
                None => BigInt::zero(),
            };
            format::format_int(&b, &s)
        }
        Value::Float(f) => format::format_float(*f, &s),
        _ => {
            if s.ty.is_none() && s.precision.is_none() && spec.chars().all(|c| !c.is_ascii_alphabetic()) {
                return type_error(format!("unsupported format string passed to {}.__format__", type_name(v)));
            }
            type_error(format!("unsupported format string passed to {}.__format__", type_name(v)))
        }
    }
}

/// printf-style `str % args`.
pub fn percent_format(fmt: &str, args: &Value) -> PyResult<Value> {
    let items: Vec<Value> = match args {
        Value::Tuple(t) => t.to_vec(),
        other => vec![other.clone()],
    };
    refuse_surrogates(&items)?;
    let dict = if let Value::Dict(_) = args { Some(args.clone()) } else { None };
    let mut out = String::new();
    let mut it = items.iter();
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut key: Option<String> = None;
        if i < chars.len() && chars[i] == '(' {
            let end = chars[i..].iter().position(|&c| c == ')').map(|p| p + i);
            let Some(end) = end else { return value_error("incomplete format key") };
            key = Some(chars[i + 1..end].iter().collect());
            i = end + 1;
        }
        let mut spec = String::new();
        while i < chars.len() && "-+ #0".contains(chars[i]) {
            spec.push(chars[i]);
            i += 1;
        }
        let mut width = String::new();
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '*') {
            if chars[i] == '*' {
                let w = it.next().and_then(ops::as_index).unwrap_or(0);
                width.push_str(&w.to_string());
            } else {
                width.push(chars[i]);
            }
            i += 1;
        }
        let mut prec: Option<String> = None;
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            let mut p = String::new();
            while i < chars.len() && chars[i].is_ascii_digit() {
                p.push(chars[i]);
                i += 1;
            }
            prec = Some(p);
        }
        let Some(&conv) = chars.get(i) else { return value_error("incomplete format") };
        i += 1;
        if conv == '%' {
            out.push('%');
            continue;
        }
        let arg = match (&key, &dict) {
            (Some(k), Some(d)) => ops::getitem(d, &Value::str(k))?,
            _ => match it.next() {
                Some(v) => v.clone(),
                None => return type_error("not enough arguments for format string"),
            },
        };
        let left = spec.contains('-');
        let zero = spec.contains('0') && !left;
        let sign = if spec.contains('+') {
            "+"
        } else if spec.contains(' ') {
            " "
        } else {
            ""
        };
        let mut fs = String::new();
        if left {
            fs.push('<');
        } else if !zero {
            fs.push('>');
        }
        fs.push_str(sign);
        if spec.contains('#') {
            fs.push('#');
        }
        if zero {
            fs.push('0');
        }
        fs.push_str(&width);
        let body = match conv {
            's' => {
                let s = ops::to_str(&arg);
                let s = match &prec {
                    Some(p) => s.chars().take(p.parse().unwrap_or(0)).collect(),
                    None => s,
                };
                format_value(&Value::string(s), &fs.replace(['0', '#', '+', ' '], ""))?
            }
            'r' | 'a' => format_value(&Value::string(ops::repr(&arg)), &fs.replace(['0', '#', '+', ' '], ""))?,
            'd' | 'i' | 'u' => {
                let n = match &arg {
                    Value::Float(f) => float_to_int(*f)?,
                    v if ops::num(v).is_some() => v.clone(),
                    v => {
                        return type_error(format!("%{conv} format: a real number is required, not {}", type_name(v)));
                    }
                };
                format_value(&n, &(fs + "d"))?
            }
            'x' | 'X' | 'o' => {
                if !matches!(arg, Value::Int(_) | Value::BigInt(_) | Value::Bool(_)) {
                    return type_error(format!("%{conv} format: an integer is required, not {}", type_name(&arg)));
                }
                format_value(&arg, &format!("{fs}{conv}"))?
            }
            'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                let f = match ops::num(&arg) {
                    Some(n) => ops::num_to_f64(&n)?,
                    None => return type_error(format!("must be real number, not {}", type_name(&arg))),
                };
                let p = prec.clone().unwrap_or_else(|| "6".into());
                format_value(&Value::Float(f), &format!("{fs}.{p}{conv}"))?
            }
            'c' => match &arg {
                Value::Str(s) if s.chars == 1 => s.s.to_string(),
                v => match ops::as_index(v).and_then(|i| char::from_u32(i as u32)) {
                    Some(c) => c.to_string(),
                    None => return type_error("%c requires int or char"),
                },
            },
            c => {
                return value_error(format!(
                    "unsupported format character '{c}' (0x{:x}) at index {}",
                    c as u32,
                    i - 1
                ));
            }
        };
        out.push_str(&body);
    }
    if dict.is_none() && it.next().is_some() {
        return type_error("not all arguments converted during string formatting");
    }
    Ok(Value::string(out))
}

pub fn float_to_int(f: f64) -> PyResult<Value> {
    if f.is_nan() {
        return value_error("cannot convert float NaN to integer");
    }
    if f.is_infinite() {
        return Err(err(Exc::OverflowError, "cannot convert float infinity to integer"));
    }
    let t = f.trunc();
    if t.abs() < 9.2e18 {
        return Ok(Value::Int(t as i64));
    }
    Ok(Value::from_bigint(BigInt::parse_bytes(format!("{t:.0}").as_bytes(), 10).unwrap_or_default()))
}

/// `int(s, base)` parsing with CPython's rules (whitespace, sign, underscores, prefixes).
pub fn parse_int(src: &str, base: u32) -> PyResult<Value> {
    let bad = || value_error(format!("invalid literal for int() with base {base}: {}", ops::str_repr(src)));
    let s = src.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let lower = s.to_ascii_lowercase();
    let mut base = base;
    let mut digits = s;
    let prefixed = |p: &str| lower.starts_with(p);
    if (base == 16 || base == 0) && prefixed("0x") {
        base = 16;
        digits = &s[2..];
    } else if (base == 8 || base == 0) && prefixed("0o") {
        base = 8;
        digits = &s[2..];
    } else if (base == 2 || base == 0) && prefixed("0b") {
        base = 2;
        digits = &s[2..];
    } else if base == 0 {
        if s.len() > 1 && s.starts_with('0') && s.chars().any(|c| c != '0' && c != '_') {
            return bad();
        }
        base = 10;
    }
    let digits = digits.strip_prefix('_').filter(|_| digits.len() != s.len()).unwrap_or(digits);
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return bad();
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if !clean.chars().all(|c| c.is_digit(base)) {
        return bad();
    }
    match BigInt::parse_bytes(clean.as_bytes(), base) {
        Some(b) => Ok(Value::from_bigint(if neg { -b } else { b })),
        None => bad(),
    }
}

pub fn parse_float(src: &str) -> PyResult<f64> {
    let bad = || value_error(format!("could not convert string to float: {}", ops::str_repr(src)));
    let s = src.trim();
    if s.is_empty() || s.starts_with('_') || s.ends_with('_') || s.contains("__") {
        return bad();
    }
    let lower = s.to_ascii_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    if matches!(body, "inf" | "infinity" | "nan") {
        let v = if body == "nan" { f64::NAN } else { f64::INFINITY };
        return Ok(if lower.starts_with('-') { -v } else { v });
    }
    if body.starts_with('i') || body.starts_with('n') {
        return bad();
    }
    let clean: String = s.chars().filter(|&c| c != '_').collect();
    clean.parse::<f64>().or_else(|_| bad())
}

fn type_value(name: &'static str, kind: TypeKind) -> Value {
    Value::Type(Rc::new(PyType { name, kind }))
}

pub fn type_of(v: &Value) -> Value {
    // type_name, not kind_name: iterators and dict views share a kind but each has its own class name.
    type_value(ops::type_name(v), ops::type_kind(v))
}

/// Builds the `builtins` namespace.
pub fn builtins_dict() -> Rc<PyDict> {
    let d = PyDict::new();
    let fns: &[&'static BuiltinFn] = &[
        &ABS,
        &ALL,
        &ANY,
        &BIN,
        &CALLABLE,
        &CHR,
        &DIVMOD,
        &FORMAT,
        &GETATTR,
        &HASATTR,
        &HASH,
        &HEX,
        &ID,
        &ISINSTANCE,
        &ITER,
        &LEN,
        &MAX,
        &MIN,
        &NEXT,
        &OCT,
        &ORD,
        &POW,
        &PRINT,
        &REPR,
        &ROUND,
        &SETATTR,
        &SORTED,
        &SUM,
        &ENUMERATE,
        &ZIP,
        &MAP,
        &FILTER,
        &REVERSED,
        &ASCII,
        &ISSUBCLASS,
        &DIR,
    ];
    for f in fns {
        d.set_str(f.name, Value::Builtin(f));
    }
    let types: &[(&'static str, TypeKind)] = &[
        ("bool", TypeKind::Bool),
        ("int", TypeKind::Int),
        ("float", TypeKind::Float),
        ("str", TypeKind::Str),
        ("bytes", TypeKind::Bytes),
        ("tuple", TypeKind::Tuple),
        ("list", TypeKind::List),
        ("dict", TypeKind::Dict),
        ("set", TypeKind::Set),
        ("frozenset", TypeKind::FrozenSet),
        ("range", TypeKind::Range),
        ("slice", TypeKind::Slice),
        ("type", TypeKind::Type),
        ("object", TypeKind::Object),
    ];
    for (name, kind) in types {
        d.set_str(name, type_value(name, *kind));
    }
    for &e in exception::ALL {
        d.set_str(e.name(), type_value(e.name(), TypeKind::Exception(e as u8)));
    }
    d.set_str("None", Value::None);
    d.set_str("Ellipsis", Value::Ellipsis);
    d.set_str("NotImplemented", Value::NotImplemented);
    d.set_str("True", Value::Bool(true));
    d.set_str("False", Value::Bool(false));
    d.set_str("__debug__", Value::Bool(true));
    Rc::new(d)
}

builtin!(ABS, "abs", |_, a, kw| {
    let v = exactly_one("abs", a, kw)?;
    Ok(match v {
        Value::Int(i) => match i.checked_abs() {
            Some(x) => Value::Int(x),
            None => Value::from_bigint(BigInt::from(*i).abs()),
        },
        Value::Bool(b) => Value::Int(*b as i64),
        Value::BigInt(b) => Value::from_bigint(b.abs()),
        Value::Float(f) => Value::Float(f.abs()),
        _ => return type_error(format!("bad operand type for abs(): '{}'", type_name(v))),
    })
});

builtin!(ALL, "all", |vm, a, kw| {
    let it = vm.get_iter(exactly_one("all", a, kw)?)?;
    while let Some(x) = vm.next(&it)? {
        if !ops::truthy(&x) {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
});

builtin!(ANY, "any", |vm, a, kw| {
    let it = vm.get_iter(exactly_one("any", a, kw)?)?;
    while let Some(x) = vm.next(&it)? {
        if ops::truthy(&x) {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
});

fn int_arg(fname: &str, v: &Value) -> PyResult<BigInt> {
    match ops::num(v) {
        Some(n @ (Num::I(_) | Num::B(_))) => Ok(ops::to_big(&n)),
        _ => {
            let _ = fname;
            type_error(format!("'{}' object cannot be interpreted as an integer", type_name(v)))
        }
    }
}

fn radix(v: &Value, fname: &str, r: u32, prefix: &str) -> PyResult<Value> {
    let b = int_arg(fname, v)?;
    let digits = b.magnitude().to_str_radix(r);
    Ok(Value::string(format!("{}{prefix}{digits}", if b.is_negative() { "-" } else { "" })))
}

builtin!(BIN, "bin", |_, a, kw| radix(exactly_one("bin", a, kw)?, "bin", 2, "0b"));
builtin!(OCT, "oct", |_, a, kw| radix(exactly_one("oct", a, kw)?, "oct", 8, "0o"));
builtin!(HEX, "hex", |_, a, kw| radix(exactly_one("hex", a, kw)?, "hex", 16, "0x"));

builtin!(CALLABLE, "callable", |_, a, kw| {
    let v = exactly_one("callable", a, kw)?;
    Ok(Value::Bool(matches!(v, Value::Function(_) | Value::Builtin(_) | Value::BoundMethod(_) | Value::Type(_))))
});

builtin!(CHR, "chr", |_, a, kw| {
    let v = exactly_one("chr", a, kw)?;
    let i = match v {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        Value::BigInt(_) => return Err(err(Exc::OverflowError, "Python int too large to convert to C int")),
        _ => return type_error(format!("'{}' object cannot be interpreted as an integer", type_name(v))),
    };
    match u32::try_from(i).ok().filter(|&c| c < 0x110000) {
        Some(c) => Ok(Value::from_code_point(c).unwrap_or(Value::None)),
        None => value_error("chr() arg not in range(0x110000)"),
    }
});

builtin!(ORD, "ord", |_, a, kw| {
    let v = exactly_one("ord", a, kw)?;
    match v {
        Value::Str(s) => {
            if s.chars != 1 {
                return type_error(format!("ord() expected a character, but string of length {} found", s.chars));
            }
            Ok(Value::Int(s.wtf8().code_points().next().map_or(0, i64::from)))
        }
        Value::Bytes(b) if b.len() == 1 => Ok(Value::Int(b[0] as i64)),
        _ => type_error(format!("ord() expected string of length 1, but {} found", type_name(v))),
    }
});

builtin!(DIVMOD, "divmod", |_, a, kw| {
    no_kw("divmod", kw)?;
    arg_range("divmod", a, 2, 2)?;
    let (x, y) = (&a[0], &a[1]);
    if let (Some(_), Some(_)) = (ops::num(x), ops::num(y)) {
        if matches!(x, Value::Float(_)) || matches!(y, Value::Float(_)) {
            let (_fx, fy) = (
                ops::num_to_f64(&ops::num(x).unwrap_or(Num::I(0)))?,
                ops::num_to_f64(&ops::num(y).unwrap_or(Num::I(0)))?,
            );
            if fy == 0.0 {
                return Err(err(Exc::ZeroDivisionError, "float divmod()"));
            }
        } else if ops::num(y).map(|n| ops::to_big(&n).is_zero()).unwrap_or(false) {
            return Err(err(Exc::ZeroDivisionError, "integer division or modulo by zero"));
        }
        let q = ops::binary_op(2, x, y)?;
        let r = ops::binary_op(6, x, y)?;
        return Ok(Value::tuple(vec![q, r]));
    }
    type_error(format!("unsupported operand type(s) for divmod(): '{}' and '{}'", type_name(x), type_name(y)))
});

builtin!(FORMAT, "format", |_, a, kw| {
    no_kw("format", kw)?;
    arg_range("format", a, 1, 2)?;
    let spec = match a.get(1) {
        Some(Value::Str(s)) => s.s.to_string(),
        Some(v) => return type_error(format!("format() argument 2 must be str, not {}", type_name(v))),
        None => String::new(),
    };
    Ok(Value::string(format_value(&a[0], &spec)?))
});

fn attr_name<'a>(fname: &str, v: &'a Value) -> PyResult<&'a str> {
    match v {
        Value::Str(s) => Ok(&s.s),
        _ => type_error(format!("{fname}(): attribute name must be string, not '{}'", type_name(v))),
    }
}

builtin!(GETATTR, "getattr", |vm, a, kw| {
    no_kw("getattr", kw)?;
    arg_range("getattr", a, 2, 3)?;
    let name = attr_name("getattr", &a[1])?;
    match crate::attr::get_attr(vm, &a[0], name) {
        Ok(v) => Ok(v),
        Err(e) if e.class == Exc::AttributeError && a.len() == 3 => Ok(a[2].clone()),
        Err(e) => Err(e),
    }
});

builtin!(HASATTR, "hasattr", |vm, a, kw| {
    no_kw("hasattr", kw)?;
    arg_range("hasattr", a, 2, 2)?;
    let name = attr_name("hasattr", &a[1])?;
    match crate::attr::get_attr(vm, &a[0], name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if e.class == Exc::AttributeError => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
});

builtin!(SETATTR, "setattr", |_, a, kw| {
    no_kw("setattr", kw)?;
    arg_range("setattr", a, 3, 3)?;
    let name = attr_name("setattr", &a[1])?;
    crate::attr::set_attr(&a[0], name, a[2].clone())?;
    Ok(Value::None)
});

builtin!(HASH, "hash", |_, a, kw| Ok(Value::Int(ops::hash(exactly_one("hash", a, kw)?)?)));

builtin!(ID, "id", |_, a, kw| Ok(Value::Int(exactly_one("id", a, kw)?.addr() as i64)));

fn isinstance_of(v: &Value, t: &Value) -> PyResult<bool> {
    match t {
        Value::Type(ty) => {
            let k = ops::type_kind(v);
            Ok(match (k, ty.kind) {
                (_, TypeKind::Object) => true,
                (TypeKind::Bool, TypeKind::Int) => true,
                (TypeKind::Exception(a), TypeKind::Exception(b)) => Exc::from_index(a).is_subclass(Exc::from_index(b)),
                (a, b) => a == b,
            })
        }
        Value::Tuple(items) => {
            for i in items.iter() {
                if isinstance_of(v, i)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => type_error("isinstance() arg 2 must be a type, a tuple of types, or a union"),
    }
}

builtin!(ISINSTANCE, "isinstance", |_, a, kw| {
    no_kw("isinstance", kw)?;
    arg_range("isinstance", a, 2, 2)?;
    Ok(Value::Bool(isinstance_of(&a[0], &a[1])?))
});

builtin!(ISSUBCLASS, "issubclass", |_, a, kw| {
    no_kw("issubclass", kw)?;
    arg_range("issubclass", a, 2, 2)?;
    let Value::Type(t) = &a[0] else { return type_error("issubclass() arg 1 must be a class") };
    let ok = match (&a[1], t.kind) {
        (Value::Type(u), TypeKind::Exception(x)) => match u.kind {
            TypeKind::Exception(y) => Exc::from_index(x).is_subclass(Exc::from_index(y)),
            TypeKind::Object => true,
            _ => false,
        },
        (Value::Type(u), k) => {
            u.kind == k || u.kind == TypeKind::Object || (k == TypeKind::Bool && u.kind == TypeKind::Int)
        }
        _ => return type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union"),
    };
    Ok(Value::Bool(ok))
});

builtin!(DIR, "dir", |_, a, _| {
    let names = match a.first() {
        Some(v) => crate::attr::dir(v),
        None => Vec::new(),
    };
    Ok(Value::list(names.into_iter().map(Value::string).collect()))
});

builtin!(ITER, "iter", |vm, a, kw| vm.get_iter(exactly_one("iter", a, kw)?));

builtin!(NEXT, "next", |vm, a, kw| {
    no_kw("next", kw)?;
    arg_range("next", a, 1, 2)?;
    if !matches!(a[0], Value::Iter(_)) {
        return type_error(format!("'{}' object is not an iterator", type_name(&a[0])));
    }
    match vm.next(&a[0])? {
        Some(v) => Ok(v),
        None => match a.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(PyException::new(Exc::StopIteration, vec![])),
        },
    }
});

builtin!(LEN, "len", |_, a, kw| Ok(Value::Int(ops::len(exactly_one("len", a, kw)?)? as i64)));

fn min_max(vm: &mut Vm, a: &[Value], kw: Kw, name: &str, want_max: bool) -> PyResult<Value> {
    check_kw(name, kw, &["key", "default"])?;
    let key = kwarg(kw, "key").filter(|k| !matches!(k, Value::None)).cloned();
    let default = kwarg(kw, "default").cloned();
    let items = match a.len() {
        0 => return type_error(format!("{name} expected at least 1 argument, got 0")),
        1 => vm.collect(&a[0])?,
        _ => {
            if default.is_some() {
                return type_error(format!("Cannot specify a default for {name}() with multiple positional arguments"));
            }
            a.to_vec()
        }
    };
    let mut best: Option<(Value, Value)> = None;
    for item in items {
        let k = match &key {
            Some(f) => vm.call(f, std::slice::from_ref(&item), &[])?,
            None => item.clone(),
        };
        best = match best {
            None => Some((k, item)),
            Some((bk, bv)) => {
                let better = if want_max { ops::compare(&k, &bk, 4)? } else { ops::lt(&k, &bk)? };
                if better { Some((k, item)) } else { Some((bk, bv)) }
            }
        };
    }
    match best {
        Some((_, v)) => Ok(v),
        None => match default {
            Some(d) => Ok(d),
            None => value_error(format!("{name}() arg is an empty sequence")),
        },
    }
}

builtin!(MAX, "max", |vm, a, kw| min_max(vm, a, kw, "max", true));
builtin!(MIN, "min", |vm, a, kw| min_max(vm, a, kw, "min", false));

builtin!(POW, "pow", |_, a, kw| {
    no_kw("pow", kw)?;
    arg_range("pow", a, 2, 3)?;
    if let Some(m) = a.get(2).filter(|m| !matches!(m, Value::None)) {
        let (b, e, m) = (int_arg("pow", &a[0])?, int_arg("pow", &a[1])?, int_arg("pow", m)?);
        if m.is_zero() {
            return value_error("pow() 3rd argument cannot be 0");
        }
        if e.is_negative() {
            return value_error("pow() 2nd argument cannot be negative when 3rd argument specified");
        }
        let r = b.modpow(&e, &m);
        let r = if !r.is_zero() && (r.is_negative() != m.is_negative()) { r + &m } else { r };
        return Ok(Value::from_bigint(r));
    }
    ops::binary_op(8, &a[0], &a[1])
});

builtin!(PRINT, "print", |vm, a, kw| {
    check_kw("print", kw, &["sep", "end", "file", "flush"])?;
    let get = |name: &str| -> PyResult<Option<String>> {
        match kwarg(kw, name) {
            None | Some(Value::None) => Ok(None),
            Some(Value::Str(s)) => Ok(Some(s.s.to_string())),
            Some(v) => type_error(format!("{name} must be None or a string, not {}", type_name(v))),
        }
    };
    let sep = get("sep")?;
    let end = get("end")?;
    let to_err = match kwarg(kw, "file") {
        None | Some(Value::None) => false,
        Some(Value::Module(m)) if &*m.name == "sys.stderr" => true,
        Some(Value::Module(m)) if &*m.name == "sys.stdout" => false,
        Some(v) => return Err(exception::attr_error(v, "write")),
    };
    let mut s = String::new();
    for (i, v) in a.iter().enumerate() {
        if i > 0 {
            s.push_str(sep.as_deref().unwrap_or(" "));
        }
        if let Value::Str(p) = v
            && let Some(w) = &p.surrogates
        {
            if to_err {
                // sys.stderr encodes with `backslashreplace`.
                for c in w.code_points() {
                    match char::from_u32(c) {
                        Some(ch) => s.push(ch),
                        None => s.push_str(&format!("\\u{c:04x}")),
                    }
                }
                continue;
            }
            // What print wrote before this argument stays written, whether or not the stream's encoder accepts it.
            vm.write(&s);
            s.clear();
            let bytes = encode_utf8_surrogates(w, vm.stdout_surrogateescape)?;
            vm.write_bytes(&bytes);
            continue;
        }
        s.push_str(&vm.str_of(v)?);
    }
    s.push_str(end.as_deref().unwrap_or("\n"));
    if to_err {
        vm.write_err(&s);
    } else {
        vm.write(&s);
    }
    Ok(Value::None)
});

/// Formatting reads strs as Rust text, which cannot hold lone surrogates: a str holding them is refused with a
/// SystemError rather than formatted from its U+FFFD stand-in.
pub fn refuse_surrogates(values: &[Value]) -> PyResult<()> {
    if values.iter().any(|v| matches!(v, Value::Str(s) if s.surrogates.is_some())) {
        return Err(err(Exc::SystemError, "pyvm does not support formatting strings with lone surrogates yet"));
    }
    Ok(())
}

/// UTF-8 encoding of a str with lone surrogates under the `strict` or `surrogateescape` handler (`str.encode`,
/// `sys.stdout`): with `surrogateescape`, `'\\udc80'` to `'\\udcff'` become the bytes 0x80 to 0xff. As CPython's
/// encoder, an error covers the run of consecutive surrogates from the first one the handler cannot take.
pub fn encode_utf8_surrogates(w: &pyfront::wtf8::Wtf8, surrogateescape: bool) -> PyResult<Vec<u8>> {
    use pyfront::wtf8::is_surrogate;
    let cps: Vec<u32> = w.code_points().collect();
    let mut out = Vec::with_capacity(w.len());
    let mut i = 0;
    while i < cps.len() {
        let c = cps[i];
        if !is_surrogate(c) {
            let mut buf = pyfront::wtf8::Wtf8Buf::new();
            buf.push_code_point(c);
            out.extend_from_slice(buf.as_bytes());
            i += 1;
            continue;
        }
        let end = cps[i..].iter().position(|&c| !is_surrogate(c)).map_or(cps.len(), |n| i + n);
        while i < end && surrogateescape && (0xDC80..=0xDCFF).contains(&cps[i]) {
            out.push((cps[i] - 0xDC00) as u8);
            i += 1;
        }
        if i < end {
            let what = if end - i == 1 {
                format!("character '\\u{:04x}' in position {i}", cps[i])
            } else {
                format!("characters in position {i}-{}", end - 1)
            };
            return Err(err(
                Exc::UnicodeEncodeError,
                format!("'utf-8' codec can't encode {what}: surrogates not allowed"),
            ));
        }
    }
    Ok(out)
}

builtin!(REPR, "repr", |vm, a, kw| Ok(Value::string(vm.repr(exactly_one("repr", a, kw)?)?)));

builtin!(ASCII, "ascii", |_, a, kw| Ok(Value::string(ascii_escape(&ops::repr(exactly_one("ascii", a, kw)?)))));

/// `ascii()` of a repr: non-ASCII characters as `\x`, `\u` or `\U` escapes.
pub fn ascii_escape(r: &str) -> String {
    let mut out = String::with_capacity(r.len());
    for c in r.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n < 0x100 {
            out.push_str(&format!("\\x{n:02x}"));
        } else if n < 0x10000 {
            out.push_str(&format!("\\u{n:04x}"));
        } else {
            out.push_str(&format!("\\U{n:08x}"));
        }
    }
    out
}

fn round_float(x: f64, nd: i64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if nd > 22 {
        return x;
    }
    if nd < -308 {
        return 0.0f64.copysign(x);
    }
    if nd >= 0 {
        let s = format!("{:.*}", nd as usize, x);
        s.parse().unwrap_or(x)
    } else {
        let p = 10f64.powi((-nd) as i32);
        let y = x / p;
        let r = y.round();
        let r = if (y - y.trunc()).abs() == 0.5 { 2.0 * (y / 2.0).round() } else { r };
        let z = r * p;
        if z.is_finite() { z } else { x }
    }
}

builtin!(ROUND, "round", |_, a, kw| {
    check_kw("round", kw, &["number", "ndigits"])?;
    let mut args: Vec<Value> = a.to_vec();
    if let Some(n) = kwarg(kw, "number") {
        args.insert(0, n.clone());
    }
    if let Some(n) = kwarg(kw, "ndigits") {
        args.push(n.clone());
    }
    arg_range("round", &args, 1, 2)?;
    let nd = args.get(1).filter(|v| !matches!(v, Value::None));
    match &args[0] {
        Value::Float(f) => match nd {
            None => {
                let r = f.round_ties_even();
                float_to_int(r)
            }
            Some(n) => {
                let n = ops::as_index(n).ok_or_else(|| {
                    err(Exc::TypeError, format!("'{}' object cannot be interpreted as an integer", type_name(n)))
                })?;
                Ok(Value::Float(round_float(*f, n)))
            }
        },
        v @ (Value::Int(_) | Value::Bool(_) | Value::BigInt(_)) => match nd {
            None => ops::unary_positive(v),
            Some(n) => {
                let n = ops::as_index(n).unwrap_or(0);
                if n >= 0 {
                    return ops::unary_positive(v);
                }
                let b = int_arg("round", v)?;
                let p = num_traits::pow::Pow::pow(&BigInt::from(10), (-n) as u32);
                let (q, r) = num_integer::Integer::div_mod_floor(&b, &p);
                let twice = &r * 2;
                let q = if twice > p || (twice == p && num_integer::Integer::is_odd(&q)) { q + 1 } else { q };
                Ok(Value::from_bigint(q * p))
            }
        },
        v => type_error(format!("type {} doesn't define __round__ method", type_name(v))),
    }
});

/// A stable merge sort that only uses a fallible `less`, as CPython's sort only calls `<`.
pub fn merge_sort(
    items: &mut Vec<(Value, Value)>,
    less: &mut dyn FnMut(&Value, &Value) -> PyResult<bool>,
) -> PyResult<()> {
    let n = items.len();
    if n < 2 {
        return Ok(());
    }
    // Insertion sort for small runs keeps comparisons few, like CPython's binary insertion.
    if n <= 8 {
        for i in 1..n {
            let mut j = i;
            while j > 0 && less(&items[j].0, &items[j - 1].0)? {
                items.swap(j, j - 1);
                j -= 1;
            }
        }
        return Ok(());
    }
    let mut right = items.split_off(n / 2);
    merge_sort(items, less)?;
    merge_sort(&mut right, less)?;
    let left = std::mem::take(items);
    let mut out = Vec::with_capacity(n);
    let mut li = left.into_iter().peekable();
    let mut ri = right.into_iter().peekable();
    loop {
        match (li.peek(), ri.peek()) {
            (Some(l), Some(r)) => {
                if less(&r.0, &l.0)? {
                    out.extend(ri.next());
                } else {
                    out.extend(li.next());
                }
            }
            (Some(_), None) => out.extend(li.by_ref()),
            (None, Some(_)) => out.extend(ri.by_ref()),
            (None, None) => break,
        }
    }
    *items = out;
    Ok(())
}

/// Sorts values in place with optional key and reverse, as `list.sort` does.
pub fn sort_values(vm: &mut Vm, items: Vec<Value>, key: Option<&Value>, reverse: bool) -> PyResult<Vec<Value>> {
    let mut pairs = Vec::with_capacity(items.len());
    for v in items {
        let k = match key {
            Some(f) => vm.call(f, std::slice::from_ref(&v), &[])?,
            None => v.clone(),
        };
        pairs.push((k, v));
    }
    if reverse {
        // Reverse, stable-sort with flipped comparison, reverse back: CPython's trick for stability.
        pairs.reverse();
        merge_sort(&mut pairs, &mut |a, b| ops::lt(a, b))?;
        pairs.reverse();
        // The reversed-then-sorted list is ascending; reversing gives descending with ties in original order.
    } else {
        merge_sort(&mut pairs, &mut |a, b| ops::lt(a, b))?;
    }
    Ok(pairs.into_iter().map(|(_, v)| v).collect())
}

builtin!(SORTED, "sorted", |vm, a, kw| {
    check_kw("sort", kw, &["key", "reverse"])?;
    if a.len() != 1 {
        return type_error(format!("sorted expected 1 argument, got {}", a.len()));
    }
    let items = vm.collect(&a[0])?;
    let key = kwarg(kw, "key").filter(|k| !matches!(k, Value::None)).cloned();
    let reverse = kwarg(kw, "reverse").map(ops::truthy).unwrap_or(false);
    Ok(Value::list(sort_values(vm, items, key.as_ref(), reverse)?))
});

builtin!(SUM, "sum", |vm, a, kw| {
    check_kw("sum", kw, &["start"])?;
    arg_range("sum", a, 1, 2)?;
    let mut acc = a.get(1).or(kwarg(kw, "start")).cloned().unwrap_or(Value::Int(0));
    match &acc {
        Value::Str(_) => return type_error("sum() can't sum strings [use ''.join(seq) instead]"),
        Value::Bytes(_) => return type_error("sum() can't sum bytes [use b''.join(seq) instead]"),
        _ => {}
    }
    let it = vm.get_iter(&a[0])?;
    while let Some(x) = vm.next(&it)? {
        acc = ops::binary_op(0, &acc, &x)?;
    }
    Ok(acc)
});

builtin!(ENUMERATE, "enumerate", |vm, a, kw| {
    check_kw("enumerate", kw, &["iterable", "start"])?;
    let it = match a.first().or(kwarg(kw, "iterable")) {
        Some(v) => vm.get_iter(v)?,
        None => return type_error("enumerate() missing required argument 'iterable' (pos 1)"),
    };
    let n = a.get(1).or(kwarg(kw, "start")).cloned().unwrap_or(Value::Int(0));
    Ok(Value::iter(IterState::Enumerate { it, n }))
});

builtin!(ZIP, "zip", |vm, a, kw| {
    check_kw("zip", kw, &["strict"])?;
    let mut its = Vec::with_capacity(a.len());
    for (i, v) in a.iter().enumerate() {
        its.push(vm.get_iter(v).map_err(|e| {
            if e.class == Exc::TypeError {
                err(Exc::TypeError, format!("zip argument #{} must support iteration", i + 1))
            } else {
                e
            }
        })?);
    }
    Ok(Value::iter(IterState::Zip { its }))
});

builtin!(MAP, "map", |vm, a, kw| {
    no_kw("map", kw)?;
    if a.len() < 2 {
        return type_error("map() must have at least two arguments.");
    }
    let mut its = Vec::with_capacity(a.len() - 1);
    for v in &a[1..] {
        its.push(vm.get_iter(v)?);
    }
    Ok(Value::iter(IterState::Map { func: a[0].clone(), its }))
});

builtin!(FILTER, "filter", |vm, a, kw| {
    no_kw("filter", kw)?;
    arg_range("filter", a, 2, 2)?;
    let it = vm.get_iter(&a[1])?;
    Ok(Value::iter(IterState::Filter { func: a[0].clone(), it }))
});

builtin!(REVERSED, "reversed", |vm, a, kw| {
    let v = exactly_one("reversed", a, kw)?;
    Ok(match v {
        Value::List(l) => {
            let n = l.items.borrow().len();
            Value::iter(IterState::ListRev { list: l.clone(), idx: n })
        }
        Value::Tuple(_) | Value::Str(_) | Value::Range(_) | Value::Bytes(_) => {
            let mut items = vm.collect(v)?;
            items.reverse();
            Value::iter(IterState::Values { items: items.into(), idx: 0 })
        }
        Value::Dict(d) => {
            let mut items = d.keys();
            items.reverse();
            Value::iter(IterState::Values { items: items.into(), idx: 0 })
        }
        _ => return type_error(format!("'{}' object is not reversible", type_name(v))),
    })
});

/// Calls a type object: the built-in constructors.
pub fn call_type(vm: &mut Vm, t: &PyType, a: &[Value], kw: Kw) -> PyResult<Value> {
    match t.kind {
        TypeKind::Int => {
            check_kw("int", kw, &["base"])?;
            let base = a.get(1).or(kwarg(kw, "base"));
            if a.len() > 2 {
                return type_error(format!("int() takes at most 2 arguments ({} given)", a.len()));
            }
            let Some(x) = a.first() else { return Ok(Value::Int(0)) };
            if let Some(b) = base {
                let b = ops::as_index(b).ok_or_else(|| {
                    err(Exc::TypeError, format!("'{}' object cannot be interpreted as an integer", type_name(b)))
                })?;
                if b != 0 && !(2..=36).contains(&b) {
                    return value_error("int() base must be >= 2 and <= 36, or 0");
                }
                return match x {
                    Value::Str(s) => parse_int(&s.s, b as u32),
                    _ => type_error("int() can't convert non-string with explicit base"),
                };
            }
            match x {
                Value::Int(_) | Value::BigInt(_) => Ok(x.clone()),
                Value::Bool(b) => Ok(Value::Int(*b as i64)),
                Value::Float(f) => float_to_int(*f),
                Value::Str(s) => parse_int(&s.s, 10),
                Value::Bytes(b) => parse_int(&String::from_utf8_lossy(b), 10),
                _ => type_error(format!(
                    "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                    type_name(x)
                )),
            }
        }
        TypeKind::Float => {
            no_kw("float", kw)?;
            let Some(x) = a.first() else { return Ok(Value::Float(0.0)) };
            match x {
                Value::Float(_) => Ok(x.clone()),
                Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => {
                    Ok(Value::Float(ops::num_to_f64(&ops::num(x).unwrap_or(Num::I(0)))?))
                }
                Value::Str(s) => Ok(Value::Float(parse_float(&s.s)?)),
                _ => type_error(format!("float() argument must be a string or a real number, not '{}'", type_name(x))),
            }
        }
        TypeKind::Str => {
            if a.is_empty() {
                return Ok(Value::str(""));
            }
            no_kw("str", kw)?;
            if let Value::Str(_) = &a[0] {
                // `str(s)` of an exact str is `s` (which may hold surrogates that a `String` cannot).
                return Ok(a[0].clone());
            }
            Ok(Value::string(vm.str_of(&a[0])?))
        }
        TypeKind::Bool => {
            no_kw("bool", kw)?;
            Ok(Value::Bool(a.first().map(ops::truthy).unwrap_or(false)))
        }
        TypeKind::List => {
            no_kw("list", kw)?;
            Ok(Value::list(match a.first() {
                Some(v) => vm.collect(v)?,
                None => Vec::new(),
            }))
        }
        TypeKind::Tuple => {
            no_kw("tuple", kw)?;
            Ok(match a.first() {
                Some(Value::Tuple(t)) => Value::Tuple(t.clone()),
                Some(v) => Value::tuple(vm.collect(v)?),
                None => Value::tuple(Vec::new()),
            })
        }
        TypeKind::Set | TypeKind::FrozenSet => {
            no_kw(t.name, kw)?;
            let s = crate::set::PySet::new();
            if let Some(v) = a.first() {
                vm.set_update(&s, v)?;
            }
            Ok(if t.kind == TypeKind::Set { Value::Set(Rc::new(s)) } else { Value::FrozenSet(Rc::new(s)) })
        }
        TypeKind::Dict => {
            let d = Rc::new(PyDict::new());
            if let Some(v) = a.first() {
                vm.dict_update(&d, v)?;
            }
            for (k, v) in kw {
                d.insert(HKey { hash: k.hash(), key: Value::Str(k.clone()) }, v.clone());
            }
            Ok(Value::Dict(d))
        }
        TypeKind::Range => {
            no_kw("range", kw)?;
            let get = |v: &Value| -> PyResult<i64> {
                match v {
                    Value::Int(i) => Ok(*i),
                    Value::Bool(b) => Ok(*b as i64),
                    Value::BigInt(_) => Err(err(Exc::OverflowError, "Python int too large to convert to C ssize_t")),
                    _ => type_error(format!("'{}' object cannot be interpreted as an integer", type_name(v))),
                }
            };
            let (start, stop, step) = match a.len() {
                1 => (0, get(&a[0])?, 1),
                2 => (get(&a[0])?, get(&a[1])?, 1),
                3 => (get(&a[0])?, get(&a[1])?, get(&a[2])?),
                0 => return type_error("range expected at least 1 argument, got 0"),
                n => return type_error(format!("range expected at most 3 arguments, got {n}")),
            };
            if step == 0 {
                return value_error("range() arg 3 must not be zero");
            }
            Ok(Value::Range(Rc::new(PyRange { start, stop, step })))
        }
        TypeKind::Slice => {
            no_kw("slice", kw)?;
            arg_range("slice", a, 1, 3)?;
            let (start, stop, step) = match a.len() {
                1 => (Value::None, a[0].clone(), Value::None),
                2 => (a[0].clone(), a[1].clone(), Value::None),
                _ => (a[0].clone(), a[1].clone(), a[2].clone()),
            };
            Ok(Value::Slice(Rc::new(PySlice { start, stop, step })))
        }
        TypeKind::Bytes => {
            no_kw("bytes", kw)?;
            match a.first() {
                None => Ok(Value::Bytes(Rc::new(Vec::new()))),
                Some(Value::Int(n)) if *n >= 0 => Ok(Value::Bytes(vec![0u8; *n as usize].into())),
                Some(Value::Int(_)) => value_error("negative count"),
                Some(Value::Str(s)) => match a.get(1) {
                    Some(Value::Str(_)) => Ok(Value::Bytes(Rc::new(s.s.as_bytes().to_vec()))),
                    _ => type_error("string argument without an encoding"),
                },
                Some(v) => {
                    let items = vm.collect(v)?;
                    let mut out = Vec::with_capacity(items.len());
                    for i in items {
                        match ops::as_index(&i) {
                            Some(b @ 0..=255) => out.push(b as u8),
                            Some(_) => return value_error("bytes must be in range(0, 256)"),
                            None => {
                                return type_error(format!(
                                    "'{}' object cannot be interpreted as an integer",
                                    type_name(&i)
                                ));
                            }
                        }
                    }
                    Ok(Value::Bytes(out.into()))
                }
            }
        }
        TypeKind::Type => {
            no_kw("type", kw)?;
            if a.len() != 1 {
                return type_error("type() takes 1 or 3 arguments");
            }
            Ok(type_of(&a[0]))
        }
        TypeKind::Exception(i) => {
            no_kw(t.name, kw)?;
            Ok(Value::Exception(PyException::new(Exc::from_index(i), a.to_vec())))
        }
        _ => type_error(format!("cannot create '{}' instances", t.name)),
    }
}
