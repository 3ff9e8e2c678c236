//! CPython's marshal format, version 4 (`Python/marshal.c`): reading any marshal data, and writing code objects
//! byte-identically to `marshal.dumps`.
//!
//! Reading (`read.rs`) accepts every type code CPython 3.11 reads, with its refs (`FLAG_REF` / `r`), and fails on
//! malformed or truncated data with CPython's exception type and words, never a panic; nesting is bounded by
//! CPython's `MAX_MARSHAL_STACK_DEPTH`.
//!
//! Writing (`write.rs`) must reproduce which objects CPython flags with `FLAG_REF` and which it writes as refs, which
//! depends on object identity and reference counts inside CPython. `identity.rs` models them from the values alone,
//! following how `compile()` shares objects (the compiler's constant cache, string interning, singletons); see
//! that file for the rules.

pub(crate) mod identity;
mod read;
mod startup_interned;
mod write;

use std::rc::Rc;

use num_bigint::BigInt;
use pyfront::wtf8::Wtf8;

use crate::code::{CodeObject, Constant};
pub use crate::error::{MarshalError, MarshalErrorKind};

/// `marshal.version`.
pub const VERSION: u32 = 4;

/// CPython's `MAX_MARSHAL_STACK_DEPTH` (non-Windows): the deepest nesting read or written.
pub const MAX_DEPTH: usize = 2000;

/// Any object marshal can carry. Code objects and constants are what `.pyc` files hold; lists, dicts, sets and
/// `StopIteration` exist for the `marshal` module's sake.
#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    None,
    StopIteration,
    Ellipsis,
    False,
    True,
    Int(BigInt),
    Float(f64),
    Complex {
        re: f64,
        im: f64,
    },
    Bytes(Rc<[u8]>),
    Str(Rc<Wtf8>),
    Tuple(Rc<[Value]>),
    List(Rc<[Value]>),
    /// Pairs in the order they were read.
    Dict(Rc<[(Value, Value)]>),
    Set(Rc<[Value]>),
    FrozenSet(Rc<[Value]>),
    Code(Rc<CodeObject>),
}

impl Value {
    /// The type name Python would report, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::StopIteration => "type",
            Value::Ellipsis => "ellipsis",
            Value::False | Value::True => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Complex { .. } => "complex",
            Value::Bytes(_) => "bytes",
            Value::Str(_) => "str",
            Value::Tuple(_) => "tuple",
            Value::List(_) => "list",
            Value::Dict(_) => "dict",
            Value::Set(_) => "set",
            Value::FrozenSet(_) => "frozenset",
            Value::Code(_) => "code",
        }
    }

    /// The value as a code-object constant, if it is one (lists, dicts, sets and `StopIteration` are not).
    pub fn to_constant(&self) -> Option<Constant> {
        Some(match self {
            Value::None => Constant::None,
            Value::Ellipsis => Constant::Ellipsis,
            Value::False => Constant::False,
            Value::True => Constant::True,
            Value::Int(i) => Constant::Int(i.clone()),
            Value::Float(f) => Constant::Float(*f),
            Value::Complex { re, im } => Constant::Complex { re: *re, im: *im },
            Value::Bytes(b) => Constant::Bytes(b.clone()),
            Value::Str(s) => Constant::Str(s.clone()),
            Value::Tuple(items) => Constant::Tuple(items.iter().map(Value::to_constant).collect::<Option<_>>()?),
            Value::FrozenSet(items) => {
                Constant::FrozenSet(items.iter().map(Value::to_constant).collect::<Option<_>>()?)
            }
            Value::Code(c) => Constant::Code(c.clone()),
            Value::StopIteration | Value::List(_) | Value::Dict(_) | Value::Set(_) => return None,
        })
    }
}

/// `marshal.loads` for data that holds a constant or a code object (what `.pyc` files hold). Trailing bytes are
/// ignored, as CPython does.
pub fn loads(data: &[u8]) -> Result<Constant, MarshalError> {
    let value = loads_value(data)?;
    value.to_constant().ok_or_else(|| {
        MarshalError::new(
            MarshalErrorKind::TypeError,
            format!("marshal data holds a {}, not a constant or code object", value.type_name()),
        )
    })
}

/// `marshal.loads`, for any marshal data.
pub fn loads_value(data: &[u8]) -> Result<Value, MarshalError> {
    read::Reader::new(data).read_top()
}

/// `marshal.loads` where a code object is expected (the body of a `.pyc`).
pub fn loads_code(data: &[u8]) -> Result<Rc<CodeObject>, MarshalError> {
    match loads_value(data)? {
        Value::Code(code) => Ok(code),
        other => Err(MarshalError::new(
            MarshalErrorKind::TypeError,
            format!("marshal data holds a {}, not a code object", other.type_name()),
        )),
    }
}

/// `marshal.dumps(code)` for a code object as `compile()` produced it: byte-identical to CPython 3.11's, refs included.
pub fn dumps(code: &CodeObject) -> Result<Vec<u8>, MarshalError> {
    write::dumps(&identity::Root::Code(code))
}

/// `marshal.dumps(value)` for a constant held by a compiled code object (or by the caller).
pub fn dumps_constant(value: &Constant) -> Result<Vec<u8>, MarshalError> {
    write::dumps(&identity::Root::Const(value))
}

#[cfg(test)]
mod tests;
