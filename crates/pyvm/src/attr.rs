//! Attribute access: function and code object attributes, module namespaces, bound built-in methods, `dir()`.

use std::rc::Rc;

use pyir::code::Constant;

use crate::exception::{PyResult, attr_error, type_error};
use crate::ops;
use crate::value::{PyStr, Value};
use crate::vm::Vm;

fn strs(items: &[Rc<str>]) -> Value {
    Value::tuple(items.iter().map(|s| Value::Str(Rc::new(PyStr::new(&**s)))).collect())
}

fn const_tuple(c: &crate::code::CodeInfo) -> Value {
    // co_consts holds the converted constants, nested code objects included, in the same order.
    let _ = Constant::None;
    Value::tuple(c.consts.clone())
}

pub fn get_attr(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<Value> {
    match obj {
        Value::Function(f) => {
            let v = match name {
                "__name__" => Value::Str(f.name.borrow().clone()),
                "__qualname__" => Value::Str(f.qualname.borrow().clone()),
                "__code__" => Value::Code(f.code.clone()),
                "__globals__" => Value::Dict(f.globals.clone()),
                "__defaults__" => match &f.defaults {
                    Some(d) => Value::Tuple(d.clone()),
                    None => Value::None,
                },
                "__kwdefaults__" => match &f.kwdefaults {
                    Some(d) => Value::Dict(d.clone()),
                    None => Value::None,
                },
                // 3.11 stores a function's docstring as co_consts[0] (lambdas have none).
                "__doc__" => match f.code.consts.first() {
                    Some(Value::Str(s)) if &*f.code.co.name != "<lambda>" => Value::Str(s.clone()),
                    _ => Value::None,
                },
                "__module__" => f.globals.get_by_str("__name__").unwrap_or(Value::None),
                "__closure__" => match &f.closure {
                    Some(c) => Value::Tuple(c.clone()),
                    None => Value::None,
                },
                "__dict__" => {
                    let mut a = f.attrs.borrow_mut();
                    Value::Dict(a.get_or_insert_with(|| Rc::new(crate::dict::PyDict::new())).clone())
                }
                _ => {
                    let a = f.attrs.borrow();
                    match a.as_ref().and_then(|d| d.get_by_str(name)) {
                        Some(v) => v,
                        None => return Err(attr_error(obj, name)),
                    }
                }
            };
            Ok(v)
        }
        Value::Code(c) => {
            let co = &c.co;
            Ok(match name {
                "co_argcount" => Value::Int(co.argcount as i64),
                "co_posonlyargcount" => Value::Int(co.posonlyargcount as i64),
                "co_kwonlyargcount" => Value::Int(co.kwonlyargcount as i64),
                "co_nlocals" => Value::Int(co.nlocals() as i64),
                "co_stacksize" => Value::Int(co.stacksize as i64),
                "co_flags" => Value::Int(co.flags as i64),
                "co_code" => Value::Bytes(co.code.clone().into()),
                "_co_code_adaptive" => Value::Bytes(co.code.clone().into()),
                "co_consts" => const_tuple(c),
                "co_names" => strs(&co.names),
                "co_varnames" => strs(&co.varnames()),
                "co_cellvars" => strs(&co.cellvars()),
                "co_freevars" => strs(&co.freevars()),
                "co_filename" => Value::str(&co.filename),
                "co_name" => Value::Str(c.name.clone()),
                "co_qualname" => Value::Str(c.qualname.clone()),
                "co_firstlineno" => Value::Int(co.firstlineno as i64),
                "co_linetable" => Value::Bytes(co.linetable.clone().into()),
                "co_exceptiontable" => Value::Bytes(co.exceptiontable.clone().into()),
                "co_lnotab" => Value::Bytes(lnotab(co).into()),
                _ => return bound_or_error(obj, name),
            })
        }
        Value::Module(m) => match m.dict.get_by_str(name) {
            Some(v) => Ok(v),
            None => {
                if name == "__dict__" {
                    return Ok(Value::Dict(m.dict.clone()));
                }
                Err(attr_error(obj, name))
            }
        },
        Value::Type(t) => match name {
            "__name__" | "__qualname__" => Ok(Value::str(t.name)),
            _ if crate::methods::class_lookup(t.kind, name).is_some() => {
                let m = crate::methods::class_lookup(t.kind, name).ok_or_else(|| attr_error(obj, name))?;
                Ok(Value::BoundMethod(Rc::new((obj.clone(), m))))
            }
            _ => {
                // `str.lower` and friends: the method itself, called later with the receiver first.
                let sample = match t.kind {
                    crate::value::TypeKind::Str => Value::str(""),
                    crate::value::TypeKind::List => Value::list(Vec::new()),
                    crate::value::TypeKind::Tuple => Value::tuple(Vec::new()),
                    crate::value::TypeKind::Dict => Value::Dict(Rc::new(crate::dict::PyDict::new())),
                    crate::value::TypeKind::Set => Value::Set(Rc::new(crate::set::PySet::new())),
                    crate::value::TypeKind::FrozenSet => Value::FrozenSet(Rc::new(crate::set::PySet::new())),
                    crate::value::TypeKind::Int => Value::Int(0),
                    crate::value::TypeKind::Bool => Value::Bool(false),
                    crate::value::TypeKind::Float => Value::Float(0.0),
                    crate::value::TypeKind::Bytes => Value::Bytes(Rc::new(Vec::new())),
                    _ => Value::None,
                };
                match crate::methods::lookup(&sample, name) {
                    Some(m) if !matches!(sample, Value::None) => Ok(Value::Builtin(m)),
                    _ => Err(attr_error(obj, name)),
                }
            }
        },
        Value::Exception(e) => match name {
            "args" => Ok(Value::Tuple(e.args.clone())),
            _ => Err(attr_error(obj, name)),
        },
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => match name {
            "real" | "numerator" => ops::unary_positive(obj),
            "imag" => Ok(Value::Int(0)),
            "denominator" => Ok(Value::Int(1)),
            _ => bound_or_error(obj, name),
        },
        Value::Float(f) => match name {
            "real" => Ok(Value::Float(*f)),
            "imag" => Ok(Value::Float(0.0)),
            _ => bound_or_error(obj, name),
        },
        Value::Slice(s) => match name {
            "start" => Ok(s.start.clone()),
            "stop" => Ok(s.stop.clone()),
            "step" => Ok(s.step.clone()),
            _ => Err(attr_error(obj, name)),
        },
        Value::Range(r) => match name {
            "start" => Ok(Value::Int(r.start)),
            "stop" => Ok(Value::Int(r.stop)),
            "step" => Ok(Value::Int(r.step)),
            _ => Err(attr_error(obj, name)),
        },
        Value::Builtin(b) => match name {
            "__name__" | "__qualname__" => Ok(Value::str(b.name)),
            _ => Err(attr_error(obj, name)),
        },
        _ => {
            let _ = vm;
            bound_or_error(obj, name)
        }
    }
}

fn bound_or_error(obj: &Value, name: &str) -> PyResult<Value> {
    match crate::methods::lookup(obj, name) {
        Some(m) => Ok(Value::BoundMethod(Rc::new((obj.clone(), m)))),
        None if name == "__class__" => Ok(crate::builtins::type_of(obj)),
        None => Err(attr_error(obj, name)),
    }
}

pub fn set_attr(obj: &Value, name: &str, v: Value) -> PyResult<()> {
    match obj {
        Value::Function(f) => {
            match name {
                "__name__" | "__qualname__" => {
                    let Value::Str(s) = v else {
                        return type_error(format!("{name} must be set to a string object"));
                    };
                    if name == "__name__" {
                        *f.name.borrow_mut() = s;
                    } else {
                        *f.qualname.borrow_mut() = s;
                    }
                }
                _ => {
                    let d = f.attrs.borrow_mut().get_or_insert_with(|| Rc::new(crate::dict::PyDict::new())).clone();
                    d.set_str(name, v);
                }
            }
            Ok(())
        }
        Value::Module(m) => {
            m.dict.set_str(name, v);
            Ok(())
        }
        _ => {
            if crate::methods::lookup(obj, name).is_some() {
                return Err(crate::exception::err(
                    crate::exception::Exc::AttributeError,
                    format!("'{}' object attribute '{name}' is read-only", ops::type_name(obj)),
                ));
            }
            Err(crate::exception::err(
                crate::exception::Exc::AttributeError,
                format!("'{}' object has no attribute '{name}'", ops::type_name(obj)),
            ))
        }
    }
}

/// `co_lnotab` derived from the line table (deprecated, but still an attribute).
fn lnotab(co: &pyir::code::CodeObject) -> Vec<u8> {
    let mut out = Vec::new();
    let mut last_line = co.firstlineno as i64;
    let mut last_off = 0usize;
    for (start, _, line) in crate::code::line_ranges(co) {
        let Some(l) = line else { continue };
        let l = l as i64;
        if l == last_line && start != 0 {
            continue;
        }
        let mut dl = l - last_line;
        let mut db = start - last_off;
        if dl == 0 && db == 0 {
            continue;
        }
        while db > 255 {
            out.extend([255, 0]);
            db -= 255;
        }
        while dl > 127 {
            out.extend([db as u8, 127]);
            db = 0;
            dl -= 127;
        }
        while dl < -128 {
            out.extend([db as u8, (-128i8) as u8]);
            db = 0;
            dl += 128;
        }
        out.extend([db as u8, dl as i8 as u8]);
        last_line = l;
        last_off = start;
    }
    out
}

/// `dir(obj)` for built-in types, sorted (CPython's lists, used for `Did you mean` suggestions).
pub fn dir(v: &Value) -> Vec<String> {
    if let Value::Module(m) = v {
        let mut k: Vec<String> = m.dict.keys().iter().map(ops::to_str).collect();
        k.sort();
        return k;
    }
    dir_names(v).split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Whether `dir(v)` lists `name` (for the built-in types; not modules).
pub fn dir_has(v: &Value, name: &str) -> bool {
    dir_names(v).split(' ').any(|n| n == name)
}

fn dir_names(v: &Value) -> &'static str {
    match v {
        Value::Str(_) => DIR_STR,
        Value::List(_) => DIR_LIST,
        Value::Dict(_) => DIR_DICT,
        Value::Set(_) => DIR_SET,
        Value::FrozenSet(_) => DIR_FROZENSET,
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => DIR_INT,
        Value::Float(_) => DIR_FLOAT,
        Value::Tuple(_) => DIR_TUPLE,
        Value::Bytes(_) => DIR_BYTES,
        Value::Range(_) => DIR_RANGE,
        Value::None => DIR_NONE,
        Value::Function(_) => DIR_FUNCTION,
        Value::Code(_) => DIR_CODE,
        _ => "",
    }
}

const DIR_STR: &str = "__add__ __class__ __contains__ __delattr__ __dir__ __doc__ __eq__ __format__ __ge__ __getattribute__ __getitem__ __getnewargs__ __getstate__ __gt__ __hash__ __init__ __init_subclass__ __iter__ __le__ __len__ __lt__ __mod__ __mul__ __ne__ __new__ __reduce__ __reduce_ex__ __repr__ __rmod__ __rmul__ __setattr__ __sizeof__ __str__ __subclasshook__ capitalize casefold center count encode endswith expandtabs find format format_map index isalnum isalpha isascii isdecimal isdigit isidentifier islower isnumeric isprintable isspace istitle isupper join ljust lower lstrip maketrans partition removeprefix removesuffix replace rfind rindex rjust rpartition rsplit rstrip split splitlines startswith strip swapcase title translate upper zfill";
const DIR_LIST: &str = "__add__ __class__ __class_getitem__ __contains__ __delattr__ __delitem__ __dir__ __doc__ __eq__ __format__ __ge__ __getattribute__ __getitem__ __getstate__ __gt__ __hash__ __iadd__ __imul__ __init__ __init_subclass__ __iter__ __le__ __len__ __lt__ __mul__ __ne__ __new__ __reduce__ __reduce_ex__ __repr__ __reversed__ __rmul__ __setattr__ __setitem__ __sizeof__ __str__ __subclasshook__ append clear copy count extend index insert pop remove reverse sort";
const DIR_DICT: &str = "__class__ __class_getitem__ __contains__ __delattr__ __delitem__ __dir__ __doc__ __eq__ __format__ __ge__ __getattribute__ __getitem__ __getstate__ __gt__ __hash__ __init__ __init_subclass__ __ior__ __iter__ __le__ __len__ __lt__ __ne__ __new__ __or__ __reduce__ __reduce_ex__ __repr__ __reversed__ __ror__ __setattr__ __setitem__ __sizeof__ __str__ __subclasshook__ clear copy fromkeys get items keys pop popitem setdefault update values";
const DIR_SET: &str = "__and__ __class__ __class_getitem__ __contains__ __delattr__ __dir__ __doc__ __eq__ __format__ __ge__ __getattribute__ __getstate__ __gt__ __hash__ __iand__ __init__ __init_subclass__ __ior__ __isub__ __iter__ __ixor__ __le__ __len__ __lt__ __ne__ __new__ __or__ __rand__ __reduce__ __reduce_ex__ __repr__ __ror__ __rsub__ __rxor__ __setattr__ __sizeof__ __str__ __sub__ __subclasshook__ __xor__ add clear copy difference difference_update discard intersection intersection_update isdisjoint issubset issuperset pop remove symmetric_difference symmetric_difference_update union update";
const DIR_FROZENSET: &str = "__and__ __class__ __class_getitem__ __contains__ __delattr__ __dir__ __doc__ __eq__ __format__ __ge__ __getattribute__ __getstate__ __gt__ __hash__ __init__ __init_subclass__ __iter__ __le__ __len__ __lt__ __ne__ __new__ __or__ __rand__ __reduce__ __reduce_ex__ __repr__ __ror__ __rsub__ __rxor__ __setattr__ __sizeof__ __str__ __sub__ __subclasshook__ __xor__ copy difference intersection isdisjoint issubset issuperset symmetric_difference union";
const DIR_INT: &str = "__abs__ __add__ __and__ __bool__ __ceil__ __class__ __delattr__ __dir__ __divmod__ __doc__ __eq__ __float__ __floor__ __floordiv__ __format__ __ge__ __getattribute__ __getnewargs__ __getstate__ __gt__ __hash__ __index__ __init__ __init_subclass__ __int__ __invert__ __le__ __lshift__ __lt__ __mod__ __mul__ __ne__ __neg__ __new__ __or__ __pos__ __pow__ __radd__ __rand__ __rdivmod__ __reduce__ __reduce_ex__ __repr__ __rfloordiv__ __rlshift__ __rmod__ __rmul__ __ror__ __round__ __rpow__ __rrshift__ __rshift__ __rsub__ __rtruediv__ __rxor__ __setattr__ __sizeof__ __str__ __sub__ __subclasshook__ __truediv__ __trunc__ __xor__ as_integer_ratio bit_count bit_length conjugate denominator from_bytes imag numerator real to_bytes";
const DIR_FLOAT: &str = "__abs__ __add__ __bool__ __ceil__ __class__ __delattr__ __dir__ __divmod__ __doc__ __eq__ __float__ __floor__ __floordiv__ __format__ __ge__ __getattribute__ __getformat__ __getnewargs__ __getstate__ __gt__ __hash__ __init__ __init_subclass__ __int__ __le__ __lt__ __mod__ __mul__ __ne__ __neg__ __new__ __pos__ __pow__ __radd__ __rdivmod__ __reduce__ __reduce_ex__ __repr__ __rfloordiv__ __rmod__ __rmul__ __round__ __rpow__ __rsub__ __rtruediv__ __setattr__ __sizeof__ __str__ __sub__ __subclasshook__ __truediv__ __trunc__ as_integer_ratio conjugate fromhex hex imag is_integer real";
const DIR_TUPLE: &str = "__add__ __class__ __class_getitem__ __contains__ __delattr__ __dir__ __doc__ __eq__ __format__ __ge__ __getattribute__ __getitem__ __getnewargs__ __getstate__ __gt__ __hash__ __init__ __init_subclass__ __iter__ __le__ __len__ __lt__ __mul__ __ne__ __new__ __reduce__ __reduce_ex__ __repr__ __rmul__ __setattr__ __sizeof__ __str__ __subclasshook__ count index";
const DIR_BYTES: &str = "__add__ __bytes__ __class__ __contains__ __delattr__ __dir__ __doc__ __eq__ __format__ __ge__ __getattribute__ __getitem__ __getnewargs__ __getstate__ __gt__ __hash__ __init__ __init_subclass__ __iter__ __le__ __len__ __lt__ __mod__ __mul__ __ne__ __new__ __reduce__ __reduce_ex__ __repr__ __rmod__ __rmul__ __setattr__ __sizeof__ __str__ __subclasshook__ capitalize center count decode endswith expandtabs find fromhex hex index isalnum isalpha isascii isdigit islower isspace istitle isupper join ljust lower lstrip maketrans partition removeprefix removesuffix replace rfind rindex rjust rpartition rsplit rstrip split splitlines startswith strip swapcase title translate upper zfill";
const DIR_RANGE: &str = "__bool__ __class__ __contains__ __delattr__ __dir__ __doc__ __eq__ __format__ __ge__ __getattribute__ __getitem__ __getstate__ __gt__ __hash__ __init__ __init_subclass__ __iter__ __le__ __len__ __lt__ __ne__ __new__ __reduce__ __reduce_ex__ __repr__ __reversed__ __setattr__ __sizeof__ __str__ __subclasshook__ count index start step stop";
const DIR_NONE: &str = "__bool__ __class__ __delattr__ __dir__ __doc__ __eq__ __format__ __ge__ __getattribute__ __getstate__ __gt__ __hash__ __init__ __init_subclass__ __le__ __lt__ __ne__ __new__ __reduce__ __reduce_ex__ __repr__ __setattr__ __sizeof__ __str__ __subclasshook__";
const DIR_FUNCTION: &str = "__annotations__ __builtins__ __call__ __class__ __closure__ __code__ __defaults__ __delattr__ __dict__ __dir__ __doc__ __eq__ __format__ __ge__ __get__ __getattribute__ __getstate__ __globals__ __gt__ __hash__ __init__ __init_subclass__ __kwdefaults__ __le__ __lt__ __module__ __name__ __ne__ __new__ __qualname__ __reduce__ __reduce_ex__ __repr__ __setattr__ __sizeof__ __str__ __subclasshook__";
const DIR_CODE: &str = "__class__ __delattr__ __dir__ __doc__ __eq__ __format__ __ge__ __getattribute__ __getstate__ __gt__ __hash__ __init__ __init_subclass__ __le__ __lt__ __ne__ __new__ __reduce__ __reduce_ex__ __repr__ __setattr__ __sizeof__ __str__ __subclasshook__ _co_code_adaptive _varname_from_oparg co_argcount co_cellvars co_code co_consts co_exceptiontable co_filename co_firstlineno co_flags co_freevars co_kwonlyargcount co_lines co_linetable co_lnotab co_name co_names co_nlocals co_positions co_posonlyargcount co_qualname co_stacksize co_varnames replace";
