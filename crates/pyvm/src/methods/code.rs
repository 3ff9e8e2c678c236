//! Methods of code objects: `co_positions()` and `co_lines()`.

use super::{Sig, args, bind, method_table, receiver_error};
use crate::builtins::Kw;
use crate::exception::PyResult;
use crate::value::{IterState, Value};
use crate::vm::Vm;

method_table! {
    pub(super) fn lookup, "code" {
        "co_lines" => co_lines,
        "co_positions" => co_positions,
    }
}

fn opt_int(v: Option<u32>) -> Value {
    v.map(|x| Value::Int(x as i64)).unwrap_or(Value::None)
}

fn co_positions(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("code", "co_positions"), args(a), kw)?;
    let Some(Value::Code(c)) = a.first() else { return receiver_error("code", "co_positions", a) };
    let items: Vec<Value> = c
        .positions()
        .iter()
        .map(|p| Value::tuple(vec![opt_int(p.line), opt_int(p.end_line), opt_int(p.col), opt_int(p.end_col)]))
        .collect();
    Ok(Value::iter(IterState::Values { items: items.into(), idx: 0 }))
}

fn co_lines(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("code", "co_lines"), args(a), kw)?;
    let Some(Value::Code(c)) = a.first() else { return receiver_error("code", "co_lines", a) };
    // One (start, end, line) per location-table entry, rebuilt from the table itself: `positions()` flattens the
    // entry boundaries away.
    let items: Vec<Value> = crate::code::line_ranges(&c.co)
        .into_iter()
        .map(|(s, e, l)| Value::tuple(vec![Value::Int(s as i64), Value::Int(e as i64), opt_int(l)]))
        .collect();
    Ok(Value::iter(IterState::Values { items: items.into(), idx: 0 }))
}
