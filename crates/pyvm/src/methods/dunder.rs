//! Special methods as ordinary methods: `(10).__add__(5)`, `"ab".__len__()`, `[].__iadd__(x)`.
//!
//! A special method exists on a value exactly when CPython's `dir()` of its type lists it (`attr::dir`), so
//! `(1.0).__index__` fails as in CPython. The binary ones return `NotImplemented` for operand types the receiver's
//! type does not handle itself, as CPython's slot wrappers do, and otherwise do what the operator does.

use super::{Sig, args, bind, index_arg, method_table};
use crate::builtins::{self, Kw};
use crate::exception::{PyResult, type_error};
use crate::ops::{self, type_name};
use crate::value::Value;
use crate::vm::Vm;

/// The special method `name` of `v`, if its type has it.
pub(super) fn lookup(v: &Value, name: &str) -> Option<&'static crate::builtins::BuiltinFn> {
    if crate::attr::dir_has(v, name) { table(name) } else { None }
}

method_table! {
    fn table, "object" {
        "__abs__" => abs,
        "__add__" => add,
        "__and__" => and,
        "__bool__" => bool_,
        "__ceil__" => ceil,
        "__contains__" => contains,
        "__delitem__" => delitem,
        "__divmod__" => divmod,
        "__eq__" => eq,
        "__float__" => float,
        "__floor__" => floor,
        "__floordiv__" => floordiv,
        "__format__" => format,
        "__ge__" => ge,
        "__getitem__" => getitem,
        "__gt__" => gt,
        "__hash__" => hash,
        "__iadd__" => iadd,
        "__iand__" => iand,
        "__imul__" => imul,
        "__index__" => index,
        "__int__" => int,
        "__invert__" => invert,
        "__ior__" => ior,
        "__isub__" => isub,
        "__iter__" => iter,
        "__ixor__" => ixor,
        "__le__" => le,
        "__len__" => len,
        "__lshift__" => lshift,
        "__lt__" => lt,
        "__mod__" => mod_,
        "__mul__" => mul,
        "__ne__" => ne,
        "__neg__" => neg,
        "__or__" => or,
        "__pos__" => pos,
        "__pow__" => pow,
        "__radd__" => radd,
        "__rand__" => rand,
        "__rdivmod__" => rdivmod,
        "__repr__" => repr,
        "__reversed__" => reversed,
        "__rfloordiv__" => rfloordiv,
        "__rlshift__" => rlshift,
        "__rmod__" => rmod,
        "__rmul__" => rmul,
        "__ror__" => ror,
        "__round__" => round,
        "__rpow__" => rpow,
        "__rrshift__" => rrshift,
        "__rshift__" => rshift,
        "__rsub__" => rsub,
        "__rtruediv__" => rtruediv,
        "__rxor__" => rxor,
        "__setitem__" => setitem,
        "__str__" => str_,
        "__sub__" => sub,
        "__truediv__" => truediv,
        "__trunc__" => trunc,
        "__xor__" => xor,
    }
}

fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_) | Value::BigInt(_))
}

fn is_set(v: &Value) -> bool {
    matches!(v, Value::Set(_) | Value::FrozenSet(_))
}

/// The receiver and the one argument of a binary special method.
fn operands<'a>(a: &'a [Value], kw: Kw<'a>, name: &'static str) -> PyResult<(&'a Value, &'a Value)> {
    let [o, ..] = bind(&Sig::wrapper("object", name, 1, 1), args(a), kw)?;
    match (a.first(), o) {
        (Some(x), Some(y)) => Ok((x, y)),
        _ => type_error(format!("expected 1 argument, got {}", a.len().saturating_sub(1))),
    }
}

fn no_operands<'a>(a: &'a [Value], kw: Kw, name: &'static str) -> PyResult<&'a Value> {
    bind(&Sig::wrapper("object", name, 0, 0), args(a), kw)?;
    match a.first() {
        Some(x) => Ok(x),
        None => type_error(format!("descriptor '{name}' of 'object' object needs an argument")),
    }
}

/// Whether the receiver's own slot handles `y` for numeric operator `op` (an `_nb_ops` index), else the wrapper
/// answers NotImplemented. Sequence concatenation and repetition always run (and raise CPython's TypeError).
fn handles(x: &Value, y: &Value, op: u32) -> bool {
    match x {
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => is_int(y),
        Value::Float(_) => matches!(y, Value::Float(_)) || is_int(y),
        Value::Set(_) | Value::FrozenSet(_) => is_set(y),
        Value::Dict(_) => matches!(y, Value::Dict(_)),
        Value::Str(_) | Value::Bytes(_) if op == 6 => true,
        Value::Str(_) | Value::Bytes(_) | Value::List(_) | Value::Tuple(_) => matches!(op, 0 | 5),
        _ => false,
    }
}

fn binary(a: &[Value], kw: Kw, name: &'static str, op: u32, reflected: bool) -> PyResult<Value> {
    let (x, y) = operands(a, kw, name)?;
    let sequence = matches!(x, Value::Str(_) | Value::Bytes(_) | Value::List(_) | Value::Tuple(_));
    if sequence && op == 5 && !is_int(y) {
        return type_error(format!("'{}' object cannot be interpreted as an integer", type_name(y)));
    }
    if sequence && reflected && op != 5 {
        // `"a".__radd__` does not exist and `"%s".__rmod__(x)` formats only when x is a str itself.
        if std::mem::discriminant(x) != std::mem::discriminant(y) {
            return Ok(Value::NotImplemented);
        }
    }
    if !handles(x, y, op) {
        return Ok(Value::NotImplemented);
    }
    if reflected { ops::binary_op(op, y, x) } else { ops::binary_op(op, x, y) }
}

macro_rules! binaries {
    ($($f:ident $rf:ident $name:literal $rname:literal $op:literal;)*) => {
        $(
            fn $f(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
                binary(a, kw, $name, $op, false)
            }
            fn $rf(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
                binary(a, kw, $rname, $op, true)
            }
        )*
    };
}

binaries! {
    add radd "__add__" "__radd__" 0;
    and rand "__and__" "__rand__" 1;
    floordiv rfloordiv "__floordiv__" "__rfloordiv__" 2;
    lshift rlshift "__lshift__" "__rlshift__" 3;
    mul rmul "__mul__" "__rmul__" 5;
    mod_ rmod "__mod__" "__rmod__" 6;
    or ror "__or__" "__ror__" 7;
    rshift rrshift "__rshift__" "__rrshift__" 9;
    sub rsub "__sub__" "__rsub__" 10;
    truediv rtruediv "__truediv__" "__rtruediv__" 11;
    xor rxor "__xor__" "__rxor__" 12;
}

/// In-place operators of the mutable containers: they change the receiver and return it.
fn inplace(vm: &mut Vm, a: &[Value], kw: Kw, name: &'static str, op: u32) -> PyResult<Value> {
    let (x, y) = operands(a, kw, name)?;
    match (x, op) {
        (Value::List(l), 0) => {
            let items = vm.collect(y)?;
            l.items.borrow_mut().extend(items);
            Ok(x.clone())
        }
        (Value::List(l), 5) => {
            let n = index_arg(y)?;
            let mut items = l.items.borrow_mut();
            if n <= 0 {
                items.clear();
            } else {
                let once = items.clone();
                for _ in 1..n {
                    items.extend(once.iter().cloned());
                }
            }
            Ok(x.clone())
        }
        _ if handles(x, y, op) => ops::binary_op(op + 13, x, y),
        _ => Ok(Value::NotImplemented),
    }
}

fn iadd(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    inplace(vm, a, kw, "__iadd__", 0)
}

fn imul(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    inplace(vm, a, kw, "__imul__", 5)
}

fn iand(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    inplace(vm, a, kw, "__iand__", 1)
}

fn ior(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    inplace(vm, a, kw, "__ior__", 7)
}

fn isub(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    inplace(vm, a, kw, "__isub__", 10)
}

fn ixor(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    inplace(vm, a, kw, "__ixor__", 12)
}

/// `pow(x, y[, mod])` as the slot sees it; `__rpow__` swaps the first two.
fn power(vm: &mut Vm, a: &[Value], kw: Kw, name: &'static str, reflected: bool) -> PyResult<Value> {
    let [y, m, ..] = bind(&Sig::wrapper("object", name, 1, 2), args(a), kw)?;
    let (Some(x), Some(y)) = (a.first(), y) else { return type_error("expected at least 1 argument, got 0") };
    if !handles(x, y, 8) {
        return Ok(Value::NotImplemented);
    }
    let (l, r) = if reflected { (y, x) } else { (x, y) };
    match m {
        Some(m) if !matches!(m, Value::None) => (builtins::POW.f)(vm, &[l.clone(), r.clone(), m.clone()], &[]),
        _ => ops::binary_op(8, l, r),
    }
}

fn pow(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    power(vm, a, kw, "__pow__", false)
}

fn rpow(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    power(vm, a, kw, "__rpow__", true)
}

fn divmod(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (x, y) = operands(a, kw, "__divmod__")?;
    if !handles(x, y, 2) {
        return Ok(Value::NotImplemented);
    }
    (builtins::DIVMOD.f)(vm, &[x.clone(), y.clone()], &[])
}

fn rdivmod(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (x, y) = operands(a, kw, "__rdivmod__")?;
    if !handles(x, y, 2) {
        return Ok(Value::NotImplemented);
    }
    (builtins::DIVMOD.f)(vm, &[y.clone(), x.clone()], &[])
}

/// Whether the receiver's type compares with `y` itself (else the wrapper answers NotImplemented).
fn comparable(x: &Value, y: &Value, op: u32) -> bool {
    match x {
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => is_int(y),
        Value::Float(_) => matches!(y, Value::Float(_)) || is_int(y),
        Value::Set(_) | Value::FrozenSet(_) => is_set(y),
        Value::Dict(_) | Value::Range(_) => {
            matches!(op, 2 | 3) && std::mem::discriminant(x) == std::mem::discriminant(y)
        }
        Value::Str(_) | Value::Bytes(_) | Value::List(_) | Value::Tuple(_) => {
            std::mem::discriminant(x) == std::mem::discriminant(y)
        }
        _ => false,
    }
}

/// A rich comparison slot; `op` is COMPARE_OP's argument (0 `<` .. 5 `>=`).
fn richcmp(a: &[Value], kw: Kw, name: &'static str, op: u32) -> PyResult<Value> {
    let (x, y) = operands(a, kw, name)?;
    if comparable(x, y, op) {
        return Ok(Value::Bool(ops::compare(x, y, op)?));
    }
    // object's own `__eq__` is identity, and `__ne__` its negation.
    Ok(match op {
        2 if x.is(y) => Value::Bool(true),
        3 if x.is(y) => Value::Bool(false),
        _ => Value::NotImplemented,
    })
}

fn lt(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    richcmp(a, kw, "__lt__", 0)
}

fn le(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    richcmp(a, kw, "__le__", 1)
}

fn eq(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    richcmp(a, kw, "__eq__", 2)
}

fn ne(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    richcmp(a, kw, "__ne__", 3)
}

fn gt(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    richcmp(a, kw, "__gt__", 4)
}

fn ge(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    richcmp(a, kw, "__ge__", 5)
}

fn neg(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    ops::unary_negative(no_operands(a, kw, "__neg__")?)
}

fn pos(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    ops::unary_positive(no_operands(a, kw, "__pos__")?)
}

fn invert(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    ops::unary_invert(no_operands(a, kw, "__invert__")?)
}

fn abs(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let x = no_operands(a, kw, "__abs__")?;
    (builtins::ABS.f)(vm, std::slice::from_ref(x), &[])
}

fn bool_(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    Ok(Value::Bool(ops::truthy(no_operands(a, kw, "__bool__")?)))
}

fn index(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    ops::unary_positive(no_operands(a, kw, "__index__")?)
}

/// `int(x)` for a number: floats truncate.
fn to_int(x: &Value, round: fn(f64) -> f64) -> PyResult<Value> {
    match x {
        Value::Float(f) => builtins::float_to_int(round(*f)),
        _ => ops::unary_positive(x),
    }
}

fn int(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    to_int(no_operands(a, kw, "__int__")?, f64::trunc)
}

fn trunc(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    to_int(no_operands(a, kw, "__trunc__")?, f64::trunc)
}

fn floor(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    to_int(no_operands(a, kw, "__floor__")?, f64::floor)
}

fn ceil(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    to_int(no_operands(a, kw, "__ceil__")?, f64::ceil)
}

fn float(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let x = no_operands(a, kw, "__float__")?;
    match ops::num(x) {
        Some(n) => Ok(Value::Float(ops::num_to_f64(&n)?)),
        None => type_error(format!("must be real number, not {}", type_name(x))),
    }
}

fn round(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [nd, ..] = bind(&Sig::pos("object", "__round__", 0, 1), args(a), kw)?;
    let Some(x) = a.first() else { return type_error("descriptor '__round__' of 'object' object needs an argument") };
    let mut args = vec![x.clone()];
    if let Some(nd) = nd {
        if !matches!(nd, Value::None) {
            index_arg(nd)?;
        }
        args.push(nd.clone());
    }
    (builtins::ROUND.f)(vm, &args, &[])
}

fn hash(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(ops::hash(no_operands(a, kw, "__hash__")?)?))
}

fn repr(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let x = no_operands(a, kw, "__repr__")?;
    Ok(Value::string(vm.repr(x)?))
}

fn str_(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let x = no_operands(a, kw, "__str__")?;
    Ok(Value::string(vm.str_of(x)?))
}

fn format(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let owner = a.first().map_or("object", type_name);
    if !kw.is_empty() {
        return type_error(format!("{owner}.__format__() takes no keyword arguments"));
    }
    if a.len() != 2 {
        return type_error(format!("{owner}.__format__() takes exactly one argument ({} given)", a.len() - 1));
    }
    match &a[1] {
        Value::Str(spec) => Ok(Value::string(builtins::format_value(&a[0], &spec.s)?)),
        v => type_error(format!("__format__() argument must be str, not {}", type_name(v))),
    }
}

fn len(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(ops::len(no_operands(a, kw, "__len__")?)? as i64))
}

fn contains(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (x, y) = operands(a, kw, "__contains__")?;
    Ok(Value::Bool(ops::contains(x, y)?))
}

fn getitem(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (x, y) = operands(a, kw, "__getitem__")?;
    ops::getitem(x, y)
}

fn setitem(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [k, v, ..] = bind(&Sig::wrapper("object", "__setitem__", 2, 2), args(a), kw)?;
    ops::setitem(&a[0], k.unwrap_or(&Value::None), v.cloned().unwrap_or(Value::None))?;
    Ok(Value::None)
}

fn delitem(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (x, y) = operands(a, kw, "__delitem__")?;
    ops::delitem(x, y)?;
    Ok(Value::None)
}

fn iter(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let x = no_operands(a, kw, "__iter__")?;
    vm.get_iter(x)
}

fn reversed(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let x = no_operands(a, kw, "__reversed__")?;
    (builtins::REVERSED.f)(vm, std::slice::from_ref(x), &[])
}
