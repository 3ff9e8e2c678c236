//! Operations on values: type names, truth, repr/str, hashing, equality and ordering, arithmetic, subscripts.
//!
//! Every error carries CPython 3.11's exact message. Ints stay in `i64` until an operation overflows, then move to
//! `BigInt`; results that fit go back to `i64` (`Value::from_bigint`), so there is one canonical form per number.

use std::cmp::Ordering;
use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::exception::{Exc, PyResult, err, type_error, value_error};
use crate::hash;
use crate::value::{IterState, PySlice, PyStr, TypeKind, Value};
use pyfront::wtf8::Wtf8Buf;
use pyir::repr::float_repr;

pub fn type_kind(v: &Value) -> TypeKind {
    match v {
        Value::Null | Value::None => TypeKind::NoneType,
        Value::Ellipsis => TypeKind::Ellipsis,
        Value::NotImplemented => TypeKind::NotImplementedType,
        Value::Bool(_) => TypeKind::Bool,
        Value::Int(_) | Value::BigInt(_) => TypeKind::Int,
        Value::Float(_) => TypeKind::Float,
        Value::Str(_) => TypeKind::Str,
        Value::Bytes(_) => TypeKind::Bytes,
        Value::Tuple(_) => TypeKind::Tuple,
        Value::List(_) => TypeKind::List,
        Value::Dict(_) => TypeKind::Dict,
        Value::DictView(_) => TypeKind::Object,
        Value::Set(_) => TypeKind::Set,
        Value::FrozenSet(_) => TypeKind::FrozenSet,
        Value::Range(_) => TypeKind::Range,
        Value::Slice(_) => TypeKind::Slice,
        Value::Function(_) => TypeKind::Function,
        Value::Builtin(_) => TypeKind::BuiltinFunction,
        Value::BoundMethod(_) => TypeKind::BuiltinFunction,
        Value::Iter(_) => TypeKind::Iterator,
        Value::Code(_) => TypeKind::Code,
        Value::Module(_) => TypeKind::Module,
        Value::Type(_) => TypeKind::Type,
        Value::Exception(e) => TypeKind::Exception(e.class as u8),
        Value::Cell(_) => TypeKind::Cell,
    }
}

pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Iter(it) => iter_type_name(&it.state.borrow()),
        Value::DictView(dv) => ["dict_keys", "dict_values", "dict_items"][dv.1 as usize % 3],
        _ => kind_name(type_kind(v)),
    }
}

fn iter_type_name(s: &IterState) -> &'static str {
    match s {
        IterState::Range { .. } => "range_iterator",
        IterState::List { .. } => "list_iterator",
        IterState::ListRev { .. } => "list_reverseiterator",
        IterState::Tuple { .. } => "tuple_iterator",
        IterState::Str { .. } => "str_ascii_iterator",
        IterState::Bytes { .. } => "bytes_iterator",
        IterState::Dict { kind: 0, .. } => "dict_keyiterator",
        IterState::Dict { kind: 1, .. } => "dict_valueiterator",
        IterState::Dict { .. } => "dict_itemiterator",
        IterState::Set { .. } => "set_iterator",
        IterState::Values { .. } => "list_iterator",
        IterState::Enumerate { .. } => "enumerate",
        IterState::Zip { .. } => "zip",
        IterState::Map { .. } => "map",
        IterState::Filter { .. } => "filter",
        IterState::Exhausted => "iterator",
    }
}

pub fn kind_name(k: TypeKind) -> &'static str {
    match k {
        TypeKind::Object => "object",
        TypeKind::NoneType => "NoneType",
        TypeKind::Bool => "bool",
        TypeKind::Int => "int",
        TypeKind::Float => "float",
        TypeKind::Complex => "complex",
        TypeKind::Str => "str",
        TypeKind::Bytes => "bytes",
        TypeKind::Tuple => "tuple",
        TypeKind::List => "list",
        TypeKind::Dict => "dict",
        TypeKind::Set => "set",
        TypeKind::FrozenSet => "frozenset",
        TypeKind::Range => "range",
        TypeKind::Slice => "slice",
        TypeKind::Function => "function",
        TypeKind::BuiltinFunction => "builtin_function_or_method",
        TypeKind::Method => "method",
        TypeKind::Iterator => "iterator",
        TypeKind::Code => "code",
        TypeKind::Module => "module",
        TypeKind::Type => "type",
        TypeKind::Ellipsis => "ellipsis",
        TypeKind::NotImplementedType => "NotImplementedType",
        TypeKind::Cell => "cell",
        TypeKind::Exception(i) => Exc::from_index(i).name(),
    }
}

pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null | Value::None => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::Float(f) => *f != 0.0,
        Value::BigInt(b) => !b.is_zero(),
        Value::Str(s) => !s.s.is_empty(),
        Value::Bytes(b) => !b.is_empty(),
        Value::Tuple(t) => !t.is_empty(),
        Value::List(l) => !l.items.borrow().is_empty(),
        Value::Dict(d) => d.len() != 0,
        Value::DictView(dv) => dv.0.len() != 0,
        Value::Set(s) | Value::FrozenSet(s) => s.len() != 0,
        Value::Range(r) => r.len() != 0,
        _ => true,
    }
}

thread_local! {
    /// Containers whose repr is in progress, so a self-containing list prints as `[...]`.
    static REPR_STACK: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn guarded(v: &Value, placeholder: &str, f: impl FnOnce() -> String) -> String {
    let addr = v.addr();
    let busy = REPR_STACK.with(|s| s.borrow().contains(&addr));
    if busy {
        return placeholder.to_string();
    }
    REPR_STACK.with(|s| s.borrow_mut().push(addr));
    let out = f();
    REPR_STACK.with(|s| s.borrow_mut().pop());
    out
}

/// `repr(s)` for a str (pyir's implementation, shared with `dis`).
pub fn str_repr(s: &str) -> String {
    pyir::repr::str_repr(s)
}

pub fn bytes_repr(b: &[u8]) -> String {
    pyir::repr::bytes_repr(b)
}

fn join_reprs<'a>(items: impl Iterator<Item = &'a Value>) -> String {
    let mut out = String::new();
    for (i, v) in items.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&repr(v));
    }
    out
}

pub fn repr(v: &Value) -> String {
    match v {
        Value::Null => "<NULL>".into(),
        Value::None => "None".into(),
        Value::Ellipsis => "Ellipsis".into(),
        Value::NotImplemented => "NotImplemented".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Int(i) => i.to_string(),
        Value::BigInt(b) => b.to_string(),
        Value::Float(f) => float_repr(*f),
        Value::Str(s) => match &s.surrogates {
            None => str_repr(&s.s),
            Some(w) => {
                let mut out = String::new();
                pyfront::repr::write_wtf8_repr(&mut out, w);
                out
            }
        },
        Value::Bytes(b) => bytes_repr(b),
        Value::Tuple(t) => {
            if t.len() == 1 {
                format!("({},)", repr(&t[0]))
            } else {
                guarded(v, "(...)", || format!("({})", join_reprs(t.iter())))
            }
        }
        Value::List(l) => guarded(v, "[...]", || {
            let items = l.items.borrow().clone();
            format!("[{}]", join_reprs(items.iter()))
        }),
        Value::Dict(d) => guarded(v, "{...}", || {
            let items: Vec<(Value, Value)> = d.map.borrow().iter().map(|(k, v)| (k.key.clone(), v.clone())).collect();
            let mut out = String::from("{");
            for (i, (k, v)) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&repr(k));
                out.push_str(": ");
                out.push_str(&repr(v));
            }
            out.push('}');
            out
        }),
        Value::Set(s) => {
            let items = s.table.borrow().items();
            if items.is_empty() {
                "set()".into()
            } else {
                guarded(v, "set(...)", || format!("{{{}}}", join_reprs(items.iter())))
            }
        }
        Value::FrozenSet(s) => {
            let items = s.table.borrow().items();
            if items.is_empty() {
                "frozenset()".into()
            } else {
                guarded(v, "frozenset(...)", || format!("frozenset({{{}}})", join_reprs(items.iter())))
            }
        }
        Value::Range(r) => {
            if r.step == 1 {
                format!("range({}, {})", r.start, r.stop)
            } else {
                format!("range({}, {}, {})", r.start, r.stop, r.step)
            }
        }
        Value::Slice(s) => format!("slice({}, {}, {})", repr(&s.start), repr(&s.stop), repr(&s.step)),
        Value::Function(f) => format!("<function {} at {:#x}>", f.qualname.borrow().s, v.addr()),
        Value::Builtin(b) => match b.owner {
            Some(_) => format!("<method '{}' of '{}' objects>", b.name, b.owner.unwrap_or("")),
            None => format!("<built-in function {}>", b.name),
        },
        Value::BoundMethod(m) => {
            format!("<built-in method {} of {} object at {:#x}>", m.1.name, type_name(&m.0), m.0.addr())
        }
        Value::Iter(_) => format!("<{} object at {:#x}>", type_name(v), v.addr()),
        Value::DictView(dv) => {
            let (d, kind) = &**dv;
            let items: Vec<Value> = d
                .map
                .borrow()
                .iter()
                .map(|(k, v)| match kind {
                    0 => k.key.clone(),
                    1 => v.clone(),
                    _ => Value::tuple(vec![k.key.clone(), v.clone()]),
                })
                .collect();
            format!("{}({})", type_name(&Value::DictView(dv.clone())), repr(&Value::list(items)))
        }
        Value::Code(c) => format!(
            "<code object {} at {:#x}, file \"{}\", line {}>",
            c.co.name,
            v.addr(),
            c.co.filename,
            c.co.firstlineno
        ),
        Value::Module(m) => {
            if &*m.name == "builtins" || &*m.name == "sys" {
                format!("<module '{}' (built-in)>", m.name)
            } else {
                format!("<module '{}' from '{}'>", m.name, m.name)
            }
        }
        Value::Type(t) => format!("<class '{}'>", t.name),
        Value::Exception(e) => {
            let args = &e.args;
            if args.len() == 1 {
                format!("{}({})", e.class.name(), repr(&args[0]))
            } else {
                format!("{}({})", e.class.name(), join_reprs(args.iter()))
            }
        }
        Value::Cell(_) => format!("<cell at {:#x}>", v.addr()),
    }
}

pub fn to_str(v: &Value) -> String {
    match v {
        Value::Str(s) => s.s.to_string(),
        Value::Exception(e) => exc_str(e),
        _ => repr(v),
    }
}

/// `str(exc)`: the lone argument's str (repr for KeyError), or the repr of the args tuple.
pub fn exc_str(e: &crate::exception::PyException) -> String {
    match e.args.len() {
        0 => String::new(),
        1 if e.class == Exc::KeyError => repr(&e.args[0]),
        1 => to_str(&e.args[0]),
        _ => repr(&Value::Tuple(e.args.clone())),
    }
}

pub fn unhashable(v: &Value) -> Rc<crate::exception::PyException> {
    err(Exc::TypeError, format!("unhashable type: '{}'", type_name(v)))
}

pub fn hash(v: &Value) -> PyResult<i64> {
    Ok(match v {
        Value::Null | Value::None => 0xFCA86420 >> 4,
        Value::Bool(b) => *b as i64,
        Value::Int(i) => hash::hash_int(*i),
        Value::BigInt(b) => hash::hash_bigint(b),
        Value::Float(f) => hash::hash_float(*f),
        Value::Str(s) => s.hash(),
        Value::Bytes(b) => hash::hash_bytes(b),
        Value::Tuple(t) => {
            let mut hs = Vec::with_capacity(t.len());
            for x in t.iter() {
                hs.push(hash(x)?);
            }
            hash::hash_tuple(hs.into_iter())
        }
        Value::FrozenSet(s) => frozenset_hash(&s.table.borrow()),
        Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::Slice(_) => return Err(unhashable(v)),
        _ => {
            let a = v.addr() as u64;
            (a.rotate_right(4)) as i64
        }
    })
}

/// CPython's `frozenset_hash`.
fn frozenset_hash(t: &crate::set::Table) -> i64 {
    fn shuffle(h: u64) -> u64 {
        ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167)
    }
    let mut h: u64 = 0;
    for (eh, _) in t.entries() {
        h ^= shuffle(eh as u64);
    }
    // Only the dummy-free count matters (CPython also xors in shuffle of dummies' -1 hashes for its own table; a
    // frozenset never has dummies).
    h ^= ((t.used as u64).wrapping_add(1)).wrapping_mul(1927868237);
    h ^= (h >> 11) ^ (h >> 25);
    h = h.wrapping_mul(69069).wrapping_add(907133923);
    let h = h as i64;
    if h == -1 { 590923713 } else { h }
}

/// A numeric view of a value (bools count as ints).
pub enum Num<'a> {
    I(i64),
    B(&'a BigInt),
    F(f64),
}

pub fn num(v: &Value) -> Option<Num<'_>> {
    match v {
        Value::Int(i) => Some(Num::I(*i)),
        Value::Bool(b) => Some(Num::I(*b as i64)),
        Value::BigInt(b) => Some(Num::B(b)),
        Value::Float(f) => Some(Num::F(*f)),
        _ => None,
    }
}

pub fn to_big(n: &Num) -> BigInt {
    match n {
        Num::I(i) => BigInt::from(*i),
        Num::B(b) => (*b).clone(),
        Num::F(f) => BigInt::from(*f as i64),
    }
}

fn big_to_f64(b: &BigInt) -> PyResult<f64> {
    match b.to_f64() {
        Some(f) if f.is_finite() => Ok(f),
        _ => Err(err(Exc::OverflowError, "int too large to convert to float")),
    }
}

pub fn num_to_f64(n: &Num) -> PyResult<f64> {
    match n {
        Num::I(i) => Ok(*i as f64),
        Num::B(b) => big_to_f64(b),
        Num::F(f) => Ok(*f),
    }
}

/// Exact comparison of an integer with a float.
fn cmp_int_float(i: &BigInt, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 { Ordering::Less } else { Ordering::Greater });
    }
    let fl = f.floor();
    let fb = num_bigint::BigInt::from(fl as i128);
    let fb = if fl.abs() < 1e38 { fb } else { BigInt::parse_bytes(format!("{fl:.0}").as_bytes(), 10).unwrap_or(fb) };
    match i.cmp(&fb) {
        Ordering::Equal => Some(if f == fl { Ordering::Equal } else { Ordering::Less }),
        o => Some(o),
    }
}

fn num_cmp(a: &Num, b: &Num) -> Option<Ordering> {
    match (a, b) {
        (Num::I(x), Num::I(y)) => Some(x.cmp(y)),
        (Num::F(x), Num::F(y)) => x.partial_cmp(y),
        (Num::I(x), Num::F(y)) => {
            if x.unsigned_abs() < (1 << 53) {
                (*x as f64).partial_cmp(y)
            } else {
                cmp_int_float(&BigInt::from(*x), *y)
            }
        }
        (Num::F(x), Num::I(y)) => num_cmp(&Num::I(*y), &Num::F(*x)).map(Ordering::reverse),
        (Num::B(x), Num::F(y)) => cmp_int_float(x, *y),
        (Num::F(x), Num::B(y)) => cmp_int_float(y, *x).map(Ordering::reverse),
        (x, y) => Some(to_big(x).cmp(&to_big(y))),
    }
}

/// `==` between values that are hashable builtins (dict and set keys); never fails.
pub fn eq_hashable(a: &Value, b: &Value) -> bool {
    eq(a, b)
}

/// `a == b` for built-in types.
pub fn eq(a: &Value, b: &Value) -> bool {
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        return num_cmp(&x, &y) == Some(Ordering::Equal);
    }
    match (a, b) {
        // The stand-in texts match and so do the exact values of strs with surrogates (`None` for all others).
        (Value::Str(x), Value::Str(y)) => Rc::ptr_eq(x, y) || (x.s == y.s && x.surrogates == y.surrogates),
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        (Value::Tuple(x), Value::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| p.is(q) || eq(p, q))
        }
        (Value::List(x), Value::List(y)) => {
            if Rc::ptr_eq(x, y) {
                return true;
            }
            let (x, y) = (x.items.borrow().clone(), y.items.borrow().clone());
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| p.is(q) || eq(p, q))
        }
        (Value::Dict(x), Value::Dict(y)) => {
            if x.len() != y.len() {
                return false;
            }
            let items: Vec<_> = x.map.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            items.iter().all(|(k, v)| y.get(k).is_some_and(|w| w.is(v) || eq(v, &w)))
        }
        (Value::Set(x) | Value::FrozenSet(x), Value::Set(y) | Value::FrozenSet(y)) => {
            let (tx, ty) = (x.table.borrow(), y.table.borrow());
            tx.used == ty.used && tx.entries().all(|(h, k)| ty.find(k, h).is_some())
        }
        (Value::Range(x), Value::Range(y)) => {
            let (lx, ly) = (x.len(), y.len());
            lx == ly && (lx == 0 || (x.start == y.start && (lx == 1 || x.step == y.step)))
        }
        (Value::Type(x), Value::Type(y)) => x.kind == y.kind,
        (Value::Slice(x), Value::Slice(y)) => eq(&x.start, &y.start) && eq(&x.stop, &y.stop) && eq(&x.step, &y.step),
        _ => a.is(b),
    }
}

fn cmp_error(op: &str, a: &Value, b: &Value) -> Rc<crate::exception::PyException> {
    err(Exc::TypeError, format!("'{op}' not supported between instances of '{}' and '{}'", type_name(a), type_name(b)))
}

/// Orders two values for `<`-style operators; `None` means unordered (NaN involved).
fn partial_cmp(a: &Value, b: &Value, op: &str) -> PyResult<Option<Ordering>> {
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        return Ok(num_cmp(&x, &y));
    }
    match (a, b) {
        // Generalized UTF-8 sorts by code point, as UTF-8 does.
        (Value::Str(x), Value::Str(y)) => Ok(Some(x.wtf8().cmp(y.wtf8()))),
        (Value::Bytes(x), Value::Bytes(y)) => Ok(Some(x.cmp(y))),
        (Value::Tuple(x), Value::Tuple(y)) => seq_cmp(x, y, op),
        (Value::List(x), Value::List(y)) => {
            let (x, y) = (x.items.borrow().clone(), y.items.borrow().clone());
            seq_cmp(&x, &y, op)
        }
        (Value::Set(_) | Value::FrozenSet(_), Value::Set(_) | Value::FrozenSet(_)) => Err(cmp_error(op, a, b)),
        _ => Err(cmp_error(op, a, b)),
    }
}

fn seq_cmp(x: &[Value], y: &[Value], op: &str) -> PyResult<Option<Ordering>> {
    for (p, q) in x.iter().zip(y.iter()) {
        if p.is(q) || eq(p, q) {
            continue;
        }
        return partial_cmp(p, q, op);
    }
    Ok(Some(x.len().cmp(&y.len())))
}

fn subset(a: &crate::set::PySet, b: &crate::set::PySet) -> bool {
    let (ta, tb) = (a.table.borrow(), b.table.borrow());
    ta.used <= tb.used && ta.entries().all(|(h, k)| tb.find(k, h).is_some())
}

/// COMPARE_OP with `dis.cmp_op` index `op`.
pub fn compare(a: &Value, b: &Value, op: u32) -> PyResult<bool> {
    const NAMES: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];
    match op {
        2 => return Ok(eq(a, b)),
        3 => return Ok(!eq(a, b)),
        _ => {}
    }
    if let (Value::Set(x) | Value::FrozenSet(x), Value::Set(y) | Value::FrozenSet(y)) = (a, b) {
        return Ok(match op {
            0 => x.len() < y.len() && subset(x, y),
            1 => subset(x, y),
            4 => y.len() < x.len() && subset(y, x),
            _ => subset(y, x),
        });
    }
    let name = NAMES.get(op as usize).copied().unwrap_or("<");
    let ord = partial_cmp(a, b, name)?;
    Ok(match ord {
        None => false,
        Some(o) => match op {
            0 => o == Ordering::Less,
            1 => o != Ordering::Greater,
            4 => o == Ordering::Greater,
            _ => o != Ordering::Less,
        },
    })
}

/// `a < b`, for sorting and min/max.
pub fn lt(a: &Value, b: &Value) -> PyResult<bool> {
    compare(a, b, 0)
}

fn unsupported(op: &str, a: &Value, b: &Value) -> Rc<crate::exception::PyException> {
    err(Exc::TypeError, format!("unsupported operand type(s) for {op}: '{}' and '{}'", type_name(a), type_name(b)))
}

fn int_result(b: BigInt) -> Value {
    Value::from_bigint(b)
}

fn float_divmod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

fn float_pow(x: f64, y: f64) -> PyResult<Value> {
    if x == 0.0 && y < 0.0 {
        return Err(err(Exc::ZeroDivisionError, "0.0 cannot be raised to a negative power"));
    }
    if x < 0.0 && y != y.floor() && y.is_finite() {
        return value_error("math domain error: complex result not supported");
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(err(Exc::OverflowError, "(34, 'Numerical result out of range')"));
    }
    Ok(Value::Float(r))
}

fn float_op(op: u32, x: f64, y: f64) -> PyResult<Value> {
    Ok(Value::Float(match op {
        0 => x + y,
        10 => x - y,
        5 => x * y,
        11 => {
            if y == 0.0 {
                return Err(err(Exc::ZeroDivisionError, "float division by zero"));
            }
            x / y
        }
        2 => {
            if y == 0.0 {
                return Err(err(Exc::ZeroDivisionError, "float floor division by zero"));
            }
            float_divmod(x, y).0
        }
        6 => {
            if y == 0.0 {
                return Err(err(Exc::ZeroDivisionError, "float modulo"));
            }
            float_divmod(x, y).1
        }
        8 => return float_pow(x, y),
        _ => return Err(err(Exc::TypeError, "")),
    }))
}

fn int_op_big(op: u32, x: &BigInt, y: &BigInt) -> PyResult<Value> {
    Ok(match op {
        0 => int_result(x + y),
        10 => int_result(x - y),
        5 => int_result(x * y),
        2 => {
            if y.is_zero() {
                return Err(err(Exc::ZeroDivisionError, "integer division or modulo by zero"));
            }
            int_result(x.div_floor(y))
        }
        6 => {
            if y.is_zero() {
                return Err(err(Exc::ZeroDivisionError, "integer modulo by zero"));
            }
            int_result(x.mod_floor(y))
        }
        11 => {
            if y.is_zero() {
                return Err(err(Exc::ZeroDivisionError, "division by zero"));
            }
            Value::Float(int_true_div(x, y)?)
        }
        8 => {
            if y.is_negative() {
                let (fx, fy) = (big_to_f64(x)?, big_to_f64(y)?);
                return float_pow(fx, fy);
            }
            match y.to_u32() {
                Some(e) => int_result(num_traits::pow::Pow::pow(x, e)),
                None => {
                    if x.is_zero() || x.is_one() {
                        int_result(x.clone())
                    } else if *x == BigInt::from(-1) {
                        int_result(if y.is_even() { BigInt::one() } else { x.clone() })
                    } else {
                        return Err(err(Exc::MemoryError, ""));
                    }
                }
            }
        }
        1 => int_result(x & y),
        7 => int_result(x | y),
        12 => int_result(x ^ y),
        3 => {
            if y.is_negative() {
                return value_error("negative shift count");
            }
            match y.to_usize() {
                Some(s) if s < (1 << 32) => int_result(x << s),
                _ => {
                    if x.is_zero() {
                        Value::Int(0)
                    } else {
                        return Err(err(Exc::OverflowError, "too many digits in integer"));
                    }
                }
            }
        }
        9 => {
            if y.is_negative() {
                return value_error("negative shift count");
            }
            match y.to_usize() {
                Some(s) => int_result(x >> s),
                None => Value::Int(if x.is_negative() { -1 } else { 0 }),
            }
        }
        _ => return Err(err(Exc::TypeError, "")),
    })
}

fn int_true_div(x: &BigInt, y: &BigInt) -> PyResult<f64> {
    if let (Some(a), Some(b)) = (x.to_i64(), y.to_i64())
        && a.unsigned_abs() < (1 << 53)
        && b.unsigned_abs() < (1 << 53)
    {
        return Ok(a as f64 / b as f64);
    }
    // Scale so the quotient has 64 significant bits, then round once.
    let (q, r) = x.div_rem(y);
    if r.is_zero() {
        return match q.to_f64() {
            Some(f) if f.is_finite() => Ok(f),
            _ => Err(err(Exc::OverflowError, "integer division result too large for a float")),
        };
    }
    let shift = 64i64 - (x.bits() as i64 - y.bits() as i64);
    let shift = shift.max(0) as usize;
    let scaled = (x << shift) / y;
    let f = scaled.to_f64().unwrap_or(f64::INFINITY) / 2f64.powi(shift as i32);
    if f.is_finite() { Ok(f) } else { Err(err(Exc::OverflowError, "integer division result too large for a float")) }
}

/// Fast path for two machine ints; `None` means overflow (retry with big ints).
#[inline]
pub fn int_op_small(op: u32, x: i64, y: i64) -> Option<PyResult<Value>> {
    let v = match op {
        0 | 13 => x.checked_add(y)?,
        10 | 23 => x.checked_sub(y)?,
        5 | 18 => x.checked_mul(y)?,
        2 | 15 => {
            if y == 0 {
                return Some(Err(err(Exc::ZeroDivisionError, "integer division or modulo by zero")));
            }
            x.checked_div_euclid(y).map(|_| num_integer::Integer::div_floor(&x, &y))?
        }
        6 | 19 => {
            if y == 0 {
                return Some(Err(err(Exc::ZeroDivisionError, "integer modulo by zero")));
            }
            x.checked_rem(y)?;
            num_integer::Integer::mod_floor(&x, &y)
        }
        1 | 14 => x & y,
        7 | 20 => x | y,
        12 | 25 => x ^ y,
        9 | 22 => {
            if y < 0 {
                return Some(value_error("negative shift count"));
            }
            if y >= 64 { if x < 0 { -1 } else { 0 } } else { x >> y }
        }
        3 | 16 => {
            if y < 0 {
                return Some(value_error("negative shift count"));
            }
            if y >= 63 {
                return None;
            }
            let r = x.checked_shl(y as u32)?;
            if r >> y != x {
                return None;
            }
            r
        }
        11 | 24 => {
            if y == 0 {
                return Some(Err(err(Exc::ZeroDivisionError, "division by zero")));
            }
            if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) {
                return Some(Ok(Value::Float(x as f64 / y as f64)));
            }
            return None;
        }
        8 | 21 => {
            if y < 0 {
                return None;
            }
            let e = u32::try_from(y).ok()?;
            x.checked_pow(e)?
        }
        _ => return None,
    };
    Some(Ok(Value::Int(v)))
}

const OP_SYMBOLS: [&str; 26] = [
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^", "+=", "&=", "//=", "<<=", "@=", "*=", "%=",
    "|=", "**=", ">>=", "-=", "/=", "^=",
];

fn repeat_count(n: &Value) -> Option<PyResult<usize>> {
    match n {
        Value::Int(i) => Some(Ok((*i).max(0) as usize)),
        Value::Bool(b) => Some(Ok(*b as usize)),
        Value::BigInt(b) => Some(if b.is_negative() {
            Ok(0)
        } else {
            Err(err(Exc::OverflowError, "cannot fit 'int' into an index-sized integer"))
        }),
        _ => None,
    }
}

fn seq_repeat(a: &Value, n: &Value) -> Option<PyResult<Value>> {
    let count = match repeat_count(n)? {
        Ok(c) => c,
        Err(e) => return Some(Err(e)),
    };
    Some(match a {
        Value::Str(s) => {
            // CPython measures the result in code points against PY_SSIZE_T_MAX before allocating anything.
            if s.chars.checked_mul(count).is_none_or(|n| n > isize::MAX as usize) {
                return Some(Err(err(Exc::OverflowError, "repeated string is too long")));
            }
            repeated(s.s.as_bytes(), count).map(|bytes| {
                // Whole copies of a str are valid UTF-8.
                Value::string(String::from_utf8(bytes).unwrap_or_default())
            })
        }
        Value::Bytes(b) => {
            if b.len().checked_mul(count).is_none_or(|n| n > isize::MAX as usize) {
                return Some(Err(err(Exc::OverflowError, "repeated bytes are too long")));
            }
            repeated(b, count).map(|bytes| Value::Bytes(bytes.into()))
        }
        Value::List(l) => repeated(&l.items.borrow(), count).map(Value::list),
        Value::Tuple(t) => repeated(t, count).map(Value::tuple),
        _ => return None,
    })
}

/// `count` copies of `items` in one buffer, or CPython's MemoryError when the buffer cannot be had: an allocation
/// failure must be a Python exception, never an abort.
fn repeated<T: Clone>(items: &[T], count: usize) -> PyResult<Vec<T>> {
    let mut out = Vec::new();
    let total = items.len().checked_mul(count).ok_or_else(|| err(Exc::MemoryError, ""))?;
    out.try_reserve_exact(total).map_err(|_| err(Exc::MemoryError, ""))?;
    for _ in 0..count {
        out.extend_from_slice(items);
    }
    Ok(out)
}

/// BINARY_OP with `_nb_ops` index `op` (13.. are the in-place forms).
pub fn binary_op(op: u32, a: &Value, b: &Value) -> PyResult<Value> {
    let base = if op >= 13 { op - 13 } else { op };
    // bool's own `&`, `|` and `^` keep bools bools.
    if let (Value::Bool(x), Value::Bool(y)) = (a, b) {
        match base {
            1 => return Ok(Value::Bool(x & y)),
            7 => return Ok(Value::Bool(x | y)),
            12 => return Ok(Value::Bool(x ^ y)),
            _ => {}
        }
    }
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        if let (Num::I(x), Num::I(y)) = (&x, &y)
            && let Some(r) = int_op_small(base, *x, *y)
        {
            return r;
        }
        let r = match (&x, &y) {
            (Num::F(_), _) | (_, Num::F(_)) if base != 1 && base != 7 && base != 12 && base != 3 && base != 9 => {
                float_op(base, num_to_f64(&x)?, num_to_f64(&y)?)
            }
            (Num::F(_), _) | (_, Num::F(_)) => Err(unsupported(OP_SYMBOLS[op as usize], a, b)),
            _ => int_op_big(base, &to_big(&x), &to_big(&y)),
        };
        return r.map_err(|e| {
            if e.args.is_empty() || matches!(&e.args[0], Value::Str(s) if s.s.is_empty()) && e.class == Exc::TypeError {
                unsupported(OP_SYMBOLS[op as usize], a, b)
            } else {
                e
            }
        });
    }
    match (base, a, b) {
        (0, Value::Str(x), Value::Str(y)) if x.surrogates.is_some() || y.surrogates.is_some() => {
            Ok(PyStr::concat([&**x, &**y].into_iter()))
        }
        (0, Value::Str(x), Value::Str(y)) => {
            let mut s = String::with_capacity(x.s.len() + y.s.len());
            s.push_str(&x.s);
            s.push_str(&y.s);
            Ok(Value::string(s))
        }
        (0, Value::Str(_), _) => type_error(format!("can only concatenate str (not \"{}\") to str", type_name(b))),
        (0, Value::List(x), Value::List(y)) => {
            if op == 13 {
                let add = y.items.borrow().clone();
                x.items.borrow_mut().extend(add);
                return Ok(a.clone());
            }
            let mut v = x.items.borrow().clone();
            v.extend(y.items.borrow().iter().cloned());
            Ok(Value::list(v))
        }
        (0, Value::List(x), _) if op == 13 => {
            let items = crate::builtins::collect_iterable_noncall(b)?;
            x.items.borrow_mut().extend(items);
            Ok(a.clone())
        }
        (0, Value::List(_), _) => type_error(format!("can only concatenate list (not \"{}\") to list", type_name(b))),
        (0, Value::Tuple(x), Value::Tuple(y)) => {
            let mut v = x.to_vec();
            v.extend(y.iter().cloned());
            Ok(Value::tuple(v))
        }
        (0, Value::Tuple(_), _) => {
            type_error(format!("can only concatenate tuple (not \"{}\") to tuple", type_name(b)))
        }
        (0, Value::Bytes(x), Value::Bytes(y)) => {
            let mut v = x.to_vec();
            v.extend_from_slice(y);
            Ok(Value::Bytes(v.into()))
        }
        (5, Value::List(l), n) if op == 18 => match repeat_count(n) {
            Some(c) => {
                let c = c?;
                let mut items = l.items.borrow_mut();
                let orig = items.clone();
                items.clear();
                for _ in 0..c {
                    items.extend(orig.iter().cloned());
                }
                Ok(a.clone())
            }
            None => Err(mul_error(a, b)),
        },
        (5, Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_), _) => {
            seq_repeat(a, b).unwrap_or_else(|| Err(mul_error(a, b)))
        }
        (5, _, Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_)) => {
            seq_repeat(b, a).unwrap_or_else(|| Err(mul_error(b, a)))
        }
        (6, Value::Str(s), _) => {
            crate::builtins::refuse_surrogates(std::slice::from_ref(a))?;
            crate::builtins::percent_format(&s.s, b)
        }
        (6, Value::Bytes(f), _) => crate::methods::bytes_percent(f, b),
        (1 | 7 | 10 | 12, Value::Set(x) | Value::FrozenSet(x), Value::Set(y) | Value::FrozenSet(y)) => {
            let r = set_op(base, x, y);
            if op >= 13 && matches!(a, Value::Set(_)) {
                *x.table.borrow_mut() = r;
                return Ok(a.clone());
            }
            let s = Rc::new(crate::set::PySet::from_table(r));
            Ok(if matches!(a, Value::FrozenSet(_)) { Value::FrozenSet(s) } else { Value::Set(s) })
        }
        (7, Value::Dict(x), Value::Dict(y)) => {
            let add: Vec<_> = y.map.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            let target =
                if op >= 13 { x.clone() } else { Rc::new(crate::dict::PyDict::from_map(x.map.borrow().clone())) };
            for (k, v) in add {
                target.insert(k, v);
            }
            Ok(Value::Dict(target))
        }
        _ => Err(unsupported(OP_SYMBOLS.get(op as usize).copied().unwrap_or("?"), a, b)),
    }
}

fn mul_error(seq: &Value, n: &Value) -> Rc<crate::exception::PyException> {
    if matches!(n, Value::Float(_) | Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::None | Value::Dict(_)) {
        err(Exc::TypeError, format!("can't multiply sequence by non-int of type '{}'", type_name(n)))
    } else {
        unsupported("*", seq, n)
    }
}

fn set_op(op: u32, x: &crate::set::PySet, y: &crate::set::PySet) -> crate::set::Table {
    let (tx, ty) = (x.table.borrow(), y.table.borrow());
    let mut out = crate::set::Table::default();
    match op {
        7 => {
            out.merge(&tx);
            out.merge(&ty);
        }
        1 => {
            // CPython iterates the smaller set and probes the larger.
            let (small, big) = if tx.used > ty.used { (&*ty, &*tx) } else { (&*tx, &*ty) };
            for (h, k) in small.entries() {
                if big.find(k, h).is_some() {
                    out.add(k.clone(), h);
                }
            }
        }
        10 => {
            for (h, k) in tx.entries() {
                if ty.find(k, h).is_none() {
                    out.add(k.clone(), h);
                }
            }
        }
        _ => {
            out.merge(&tx);
            for (h, k) in ty.entries() {
                if !out.discard(k, h) {
                    out.add(k.clone(), h);
                }
            }
        }
    }
    out
}

pub fn unary_negative(v: &Value) -> PyResult<Value> {
    Ok(match v {
        Value::Int(i) => match i.checked_neg() {
            Some(n) => Value::Int(n),
            None => Value::from_bigint(-BigInt::from(*i)),
        },
        Value::Bool(b) => Value::Int(-(*b as i64)),
        Value::BigInt(b) => Value::from_bigint(-(**b).clone()),
        Value::Float(f) => Value::Float(-f),
        _ => return type_error(format!("bad operand type for unary -: '{}'", type_name(v))),
    })
}

pub fn unary_positive(v: &Value) -> PyResult<Value> {
    Ok(match v {
        Value::Int(_) | Value::BigInt(_) | Value::Float(_) => v.clone(),
        Value::Bool(b) => Value::Int(*b as i64),
        _ => return type_error(format!("bad operand type for unary +: '{}'", type_name(v))),
    })
}

pub fn unary_invert(v: &Value) -> PyResult<Value> {
    Ok(match v {
        Value::Int(i) => Value::Int(!i),
        Value::Bool(b) => Value::Int(!(*b as i64)),
        Value::BigInt(b) => Value::from_bigint(-(**b).clone() - 1),
        _ => return type_error(format!("bad operand type for unary ~: '{}'", type_name(v))),
    })
}

/// Index conversion for subscripts (`__index__` of ints and bools).
pub fn as_index(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        Value::BigInt(b) => Some(if b.is_negative() { i64::MIN } else { i64::MAX }),
        _ => None,
    }
}

/// `PySlice_AdjustIndices`: (start, stop, step, length) for a sequence of `len` items.
pub fn slice_indices(s: &PySlice, len: i64) -> PyResult<(i64, i64, i64, i64)> {
    let step = match &s.step {
        Value::None => 1,
        v => as_index(v)
            .ok_or_else(|| err(Exc::TypeError, "slice indices must be integers or None or have an __index__ method"))?,
    };
    if step == 0 {
        return value_error("slice step cannot be zero");
    }
    let get = |v: &Value, def: i64| -> PyResult<i64> {
        match v {
            Value::None => Ok(def),
            v => as_index(v).ok_or_else(|| {
                err(Exc::TypeError, "slice indices must be integers or None or have an __index__ method")
            }),
        }
    };
    let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let adjust = |i: i64| -> i64 {
        if i < 0 {
            let j = i.saturating_add(len);
            if j < 0 { lower } else { j }
        } else if i >= len {
            upper
        } else {
            i
        }
    };
    let start = adjust(get(&s.start, if step < 0 { upper } else { lower })?);
    let stop = adjust(get(&s.stop, if step < 0 { lower } else { upper })?);
    let start = if matches!(s.start, Value::None) { if step < 0 { upper } else { lower } } else { start };
    let stop = if matches!(s.stop, Value::None) { if step < 0 { lower } else { upper } } else { stop };
    let n = if step < 0 {
        if stop < start { (start - stop - 1) / (-step) + 1 } else { 0 }
    } else if start < stop {
        (stop - start - 1) / step + 1
    } else {
        0
    };
    Ok((start, stop, step, n))
}

fn slice_vec(items: &[Value], s: &PySlice) -> PyResult<Vec<Value>> {
    let (start, _, step, n) = slice_indices(s, items.len() as i64)?;
    let mut out = Vec::with_capacity(n as usize);
    let mut i = start;
    for _ in 0..n {
        out.push(items[i as usize].clone());
        i += step;
    }
    Ok(out)
}

fn norm_index(i: i64, len: usize) -> Option<usize> {
    let j = if i < 0 { i.checked_add(len as i64)? } else { i };
    if j < 0 || j as usize >= len { None } else { Some(j as usize) }
}

pub fn getitem(obj: &Value, idx: &Value) -> PyResult<Value> {
    match obj {
        Value::List(l) => {
            if let Some(i) = as_index(idx) {
                let items = l.items.borrow();
                return match norm_index(i, items.len()) {
                    Some(j) => Ok(items[j].clone()),
                    None => Err(err(Exc::IndexError, "list index out of range")),
                };
            }
            if let Value::Slice(s) = idx {
                let items = l.items.borrow();
                return Ok(Value::list(slice_vec(&items, s)?));
            }
            type_error(format!("list indices must be integers or slices, not {}", type_name(idx)))
        }
        Value::Tuple(t) => {
            if let Some(i) = as_index(idx) {
                return match norm_index(i, t.len()) {
                    Some(j) => Ok(t[j].clone()),
                    None => Err(err(Exc::IndexError, "tuple index out of range")),
                };
            }
            if let Value::Slice(s) = idx {
                return Ok(Value::tuple(slice_vec(t, s)?));
            }
            type_error(format!("tuple indices must be integers or slices, not {}", type_name(idx)))
        }
        Value::Str(s) => {
            if let Some(i) = as_index(idx) {
                if s.is_ascii() {
                    return match norm_index(i, s.s.len()) {
                        Some(j) => Ok(Value::str(&s.s[j..j + 1])),
                        None => Err(err(Exc::IndexError, "string index out of range")),
                    };
                }
                if s.surrogates.is_some() {
                    return match norm_index(i, s.chars).and_then(|j| s.wtf8().code_points().nth(j)) {
                        Some(c) => Ok(Value::from_code_point(c).unwrap_or(Value::None)),
                        None => Err(err(Exc::IndexError, "string index out of range")),
                    };
                }
                return match norm_index(i, s.chars) {
                    Some(j) => Ok(Value::string(s.s.chars().nth(j).map(String::from).unwrap_or_default())),
                    None => Err(err(Exc::IndexError, "string index out of range")),
                };
            }
            if let Value::Slice(sl) = idx {
                if s.is_ascii() {
                    let (start, _, step, n) = slice_indices(sl, s.s.len() as i64)?;
                    let b = s.s.as_bytes();
                    let mut out = String::with_capacity(n as usize);
                    let mut i = start;
                    for _ in 0..n {
                        out.push(b[i as usize] as char);
                        i += step;
                    }
                    return Ok(Value::string(out));
                }
                if s.surrogates.is_some() {
                    let cps: Vec<u32> = s.wtf8().code_points().collect();
                    let (start, _, step, n) = slice_indices(sl, cps.len() as i64)?;
                    let mut out = Wtf8Buf::new();
                    let mut i = start;
                    for _ in 0..n {
                        out.push_code_point(cps[i as usize]);
                        i += step;
                    }
                    return Ok(Value::Str(Rc::new(PyStr::from_wtf8(&out))));
                }
                let chars: Vec<char> = s.s.chars().collect();
                let (start, _, step, n) = slice_indices(sl, chars.len() as i64)?;
                let mut out = String::new();
                let mut i = start;
                for _ in 0..n {
                    out.push(chars[i as usize]);
                    i += step;
                }
                return Ok(Value::string(out));
            }
            type_error(format!("string indices must be integers, not '{}'", type_name(idx)))
        }
        Value::Bytes(b) => {
            if let Some(i) = as_index(idx) {
                return match norm_index(i, b.len()) {
                    Some(j) => Ok(Value::Int(b[j] as i64)),
                    None => Err(err(Exc::IndexError, "index out of range")),
                };
            }
            if let Value::Slice(sl) = idx {
                let (start, _, step, n) = slice_indices(sl, b.len() as i64)?;
                let mut out = Vec::with_capacity(n as usize);
                let mut i = start;
                for _ in 0..n {
                    out.push(b[i as usize]);
                    i += step;
                }
                return Ok(Value::Bytes(out.into()));
            }
            type_error(format!("byte indices must be integers or slices, not {}", type_name(idx)))
        }
        Value::Dict(d) => {
            let h = hash(idx)?;
            match d.get(&crate::dict::HKey { hash: h, key: idx.clone() }) {
                Some(v) => Ok(v),
                None => Err(crate::exception::PyException::new(Exc::KeyError, vec![idx.clone()])),
            }
        }
        Value::Range(r) => {
            if let Some(i) = as_index(idx) {
                let len = r.len();
                let j = if i < 0 { i + len } else { i };
                if j < 0 || j >= len {
                    return Err(err(Exc::IndexError, "range object index out of range"));
                }
                return Ok(Value::Int(r.start + j * r.step));
            }
            if let Value::Slice(sl) = idx {
                let (start, stop, step, n) = slice_indices(sl, r.len())?;
                let _ = stop;
                let nstart = r.start + start * r.step;
                let nstep = r.step * step;
                return Ok(Value::Range(Rc::new(crate::value::PyRange {
                    start: nstart,
                    stop: nstart + n * nstep,
                    step: nstep,
                })));
            }
            type_error(format!("range indices must be integers or slices, not {}", type_name(idx)))
        }
        Value::Type(_) => Ok(obj.clone()),
        _ => type_error(format!("'{}' object is not subscriptable", type_name(obj))),
    }
}

pub fn setitem(obj: &Value, idx: &Value, v: Value) -> PyResult<()> {
    match obj {
        Value::List(l) => {
            if let Some(i) = as_index(idx) {
                let mut items = l.items.borrow_mut();
                let len = items.len();
                return match norm_index(i, len) {
                    Some(j) => {
                        let old = std::mem::replace(&mut items[j], v);
                        drop(items);
                        drop(old);
                        Ok(())
                    }
                    None => Err(err(Exc::IndexError, "list assignment index out of range")),
                };
            }
            if let Value::Slice(s) = idx {
                let new = crate::builtins::collect_iterable_noncall(&v)?;
                let len = l.items.borrow().len();
                let (start, stop, step, n) = slice_indices(s, len as i64)?;
                let mut items = l.items.borrow_mut();
                if step == 1 {
                    let stop = stop.max(start);
                    items.splice(start as usize..stop as usize, new);
                    return Ok(());
                }
                if new.len() as i64 != n {
                    return value_error(format!(
                        "attempt to assign sequence of size {} to extended slice of size {n}",
                        new.len()
                    ));
                }
                let mut i = start;
                for x in new {
                    items[i as usize] = x;
                    i += step;
                }
                return Ok(());
            }
            type_error(format!("list indices must be integers or slices, not {}", type_name(idx)))
        }
        Value::Dict(d) => {
            let h = hash(idx)?;
            d.insert(crate::dict::HKey { hash: h, key: idx.clone() }, v);
            Ok(())
        }
        _ => type_error(format!("'{}' object does not support item assignment", type_name(obj))),
    }
}

pub fn delitem(obj: &Value, idx: &Value) -> PyResult<()> {
    match obj {
        Value::List(l) => {
            if let Some(i) = as_index(idx) {
                let mut items = l.items.borrow_mut();
                let len = items.len();
                return match norm_index(i, len) {
                    Some(j) => {
                        items.remove(j);
                        Ok(())
                    }
                    None => Err(err(Exc::IndexError, "list assignment index out of range")),
                };
            }
            if let Value::Slice(s) = idx {
                let len = l.items.borrow().len();
                let (start, _, step, n) = slice_indices(s, len as i64)?;
                let mut idxs: Vec<usize> = (0..n).map(|k| (start + k * step) as usize).collect();
                idxs.sort_unstable();
                let mut items = l.items.borrow_mut();
                for i in idxs.into_iter().rev() {
                    items.remove(i);
                }
                return Ok(());
            }
            type_error(format!("list indices must be integers or slices, not {}", type_name(idx)))
        }
        Value::Dict(d) => {
            let h = hash(idx)?;
            match d.remove(&crate::dict::HKey { hash: h, key: idx.clone() }) {
                Some(_) => Ok(()),
                None => Err(crate::exception::PyException::new(Exc::KeyError, vec![idx.clone()])),
            }
        }
        _ => type_error(format!("'{}' object doesn't support item deletion", type_name(obj))),
    }
}

/// `item in container`.
pub fn contains(container: &Value, item: &Value) -> PyResult<bool> {
    match container {
        Value::Str(s) => match item {
            Value::Str(sub) => Ok(s.s.contains(&*sub.s)),
            _ => type_error(format!("'in <string>' requires string as left operand, not {}", type_name(item))),
        },
        Value::Bytes(b) => match item {
            Value::Bytes(sub) => Ok(sub.is_empty() || b.windows(sub.len()).any(|w| w == &sub[..])),
            _ => match as_index(item) {
                Some(i @ 0..=255) => Ok(b.contains(&(i as u8))),
                Some(_) => value_error("byte must be in range(0, 256)"),
                None => type_error("a bytes-like object is required, not '".to_string() + type_name(item) + "'"),
            },
        },
        Value::List(l) => {
            let items = l.items.borrow().clone();
            Ok(items.iter().any(|x| x.is(item) || eq(x, item)))
        }
        Value::Tuple(t) => Ok(t.iter().any(|x| x.is(item) || eq(x, item))),
        Value::Dict(d) => {
            let h = hash(item)?;
            Ok(d.get(&crate::dict::HKey { hash: h, key: item.clone() }).is_some())
        }
        Value::Set(s) | Value::FrozenSet(s) => {
            let h = hash(item)?;
            Ok(s.contains(item, h))
        }
        Value::Range(r) => Ok(match num(item) {
            Some(Num::I(i)) => {
                if r.step > 0 {
                    i >= r.start && i < r.stop && (i - r.start) % r.step == 0
                } else {
                    i <= r.start && i > r.stop && (r.start - i) % (-r.step) == 0
                }
            }
            Some(Num::F(f)) => {
                f == f.trunc() && {
                    let i = f as i64;
                    if r.step > 0 {
                        i >= r.start && i < r.stop && (i - r.start) % r.step == 0
                    } else {
                        i <= r.start && i > r.stop && (r.start - i) % (-r.step) == 0
                    }
                }
            }
            _ => false,
        }),
        Value::Iter(_) => {
            let items = crate::builtins::collect_iterable_noncall(container)?;
            Ok(items.iter().any(|x| x.is(item) || eq(x, item)))
        }
        _ => type_error(format!("argument of type '{}' is not iterable", type_name(container))),
    }
}

pub fn len(v: &Value) -> PyResult<usize> {
    Ok(match v {
        Value::Str(s) => s.chars,
        Value::Bytes(b) => b.len(),
        Value::Tuple(t) => t.len(),
        Value::List(l) => l.items.borrow().len(),
        Value::Dict(d) => d.len(),
        Value::DictView(dv) => dv.0.len(),
        Value::Set(s) | Value::FrozenSet(s) => s.len(),
        Value::Range(r) => r.len() as usize,
        _ => return type_error(format!("object of type '{}' has no len()", type_name(v))),
    })
}

/// `iter(v)`.
pub fn get_iter(v: &Value) -> PyResult<Value> {
    Ok(match v {
        Value::List(l) => Value::iter(IterState::List { list: l.clone(), idx: 0 }),
        Value::Tuple(t) => Value::iter(IterState::Tuple { tuple: t.clone(), idx: 0 }),
        Value::Range(r) => Value::iter(IterState::Range { next: r.start, step: r.step, left: r.len() }),
        Value::Str(s) => Value::iter(IterState::Str { s: s.clone(), byte: 0 }),
        Value::Bytes(b) => Value::iter(IterState::Bytes { b: b.clone(), idx: 0 }),
        Value::Dict(d) => Value::iter(IterState::Dict { dict: d.clone(), idx: 0, kind: 0, len: d.len() }),
        Value::Set(s) | Value::FrozenSet(s) => Value::iter(IterState::Set { set: s.clone(), idx: 0, len: s.len() }),
        Value::Iter(_) => v.clone(),
        _ => return type_error(format!("'{}' object is not iterable", type_name(v))),
    })
}
