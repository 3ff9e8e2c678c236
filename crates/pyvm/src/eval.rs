//! The dispatch loop: one exhaustive `match` over `Opcode` (no catch-all arm), plus exception unwinding.
//!
//! Hot state (the code object, instruction pointer, localsplus base and globals) lives in Rust locals and is written
//! back to the frame only when control leaves it (a call, a return, an exception). Python-to-Python calls and
//! returns switch frames inside this loop instead of recursing on the Rust stack.

use std::cell::Cell;
use std::rc::Rc;

use pyir::opcode::Opcode;

use crate::code::CodeInfo;
use crate::dict::{HKey, PyDict};
use crate::exception::{Exc, PyException, PyResult, TbEntry, err, name_error, type_error, value_error};
use crate::ops;
use crate::value::{Function, IterState, PySlice, PyStr, Value};
use crate::vm::Vm;

fn unsupported(op: Opcode) -> Rc<PyException> {
    err(Exc::SystemError, format!("pyvm does not support {} yet", op.name()))
}

fn unbound_local(name: &str) -> Rc<PyException> {
    err(
        Exc::UnboundLocalError,
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    )
}

fn free_unbound(name: &str) -> Rc<PyException> {
    err(
        Exc::NameError,
        format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
    )
}

impl Vm {
    /// Runs frames until the innermost entry frame returns.
    pub fn run(&mut self) -> PyResult<Value> {
        loop {
            let exc = match self.dispatch() {
                Ok(v) => return Ok(v),
                Err(e) => e,
            };
            self.unwind(exc)?;
        }
    }

    /// Finds a handler for `exc`, popping frames that have none. `Err` once the entry frame itself is popped.
    fn unwind(&mut self, exc: Rc<PyException>) -> PyResult<()> {
        let mut skip_tb = std::mem::take(&mut self.reraising);
        loop {
            let Some(f) = self.frames.last_mut() else { return Err(exc) };
            if !skip_tb {
                exc.traceback.borrow_mut().push(TbEntry { code: f.code.clone(), lasti: f.lasti });
            }
            skip_tb = false;
            if let Some(h) = f.code.handler(f.lasti) {
                let depth = f.base + f.code.nlocalsplus + h.depth;
                let lasti = f.lasti;
                f.ip = h.target;
                self.stack.truncate(depth);
                if h.lasti {
                    self.stack.push(Value::Int(lasti as i64));
                }
                self.stack.push(Value::Exception(exc));
                return Ok(());
            }
            let (entry, ret_to) = (f.entry, f.ret_to);
            self.frames.pop();
            self.stack.truncate(ret_to);
            if entry {
                return Err(exc);
            }
        }
    }

    fn raise_value(&mut self, v: Value) -> Rc<PyException> {
        let exc = match v {
            Value::Exception(e) => e,
            Value::Type(t) => match t.kind {
                crate::value::TypeKind::Exception(i) => PyException::new(Exc::from_index(i), vec![]),
                _ => err(Exc::TypeError, "exceptions must derive from BaseException"),
            },
            _ => err(Exc::TypeError, "exceptions must derive from BaseException"),
        };
        if let Value::Exception(ctx) = &self.exc_info
            && !Rc::ptr_eq(ctx, &exc)
            && exc.context.borrow().is_none()
        {
            *exc.context.borrow_mut() = Some(ctx.clone());
        }
        exc
    }

    #[allow(clippy::cognitive_complexity)]
    fn dispatch(&mut self) -> PyResult<Value> {
        let Some(f) = self.frames.last() else { return Err(err(Exc::SystemError, "no frame")) };
        let mut code: Rc<CodeInfo> = f.code.clone();
        let mut ip = f.ip;
        let mut base = f.base;
        let mut globals: Rc<PyDict> = f.globals.clone();
        let mut kwnames: Option<u32> = None;
        let mut this: usize = ip;

        macro_rules! pop {
            () => {
                self.stack.pop().unwrap_or(Value::Null)
            };
        }
        macro_rules! reload {
            () => {{
                let Some(f) = self.frames.last() else { return Err(err(Exc::SystemError, "no frame")) };
                code = f.code.clone();
                ip = f.ip;
                base = f.base;
                globals = f.globals.clone();
            }};
        }

        {
            let exc: Rc<PyException> = 'err: {
                macro_rules! top {
                    () => {
                        match self.stack.last_mut() {
                            Some(v) => v,
                            None => break 'err err(Exc::SystemError, "stack underflow"),
                        }
                    };
                }
                macro_rules! tri {
                    ($e:expr) => {
                        match $e {
                            Ok(v) => v,
                            Err(e) => break 'err e,
                        }
                    };
                }
                loop {
                    let Some(&ins) = code.instrs.get(ip) else {
                        break 'err err(Exc::SystemError, "instruction pointer out of range");
                    };
                    this = ip;
                    ip += ins.len as usize;
                    let arg = ins.arg;
                    match ins.op {
                        Opcode::Cache | Opcode::Nop | Opcode::Resume | Opcode::ExtendedArg | Opcode::Precall => {}
                        Opcode::PopTop => {
                            pop!();
                        }
                        Opcode::PushNull => self.stack.push(Value::Null),
                        Opcode::LoadFast => {
                            let v = match self.stack.get(base + arg as usize) {
                                Some(Value::Null) | None => {
                                    break 'err unbound_local(&code.co.localsplusnames[arg as usize]);
                                }
                                Some(v) => v.clone(),
                            };
                            self.stack.push(v);
                        }
                        Opcode::StoreFast => {
                            let v = pop!();
                            if let Some(slot) = self.stack.get_mut(base + arg as usize) {
                                *slot = v;
                            }
                        }
                        Opcode::DeleteFast => {
                            let slot = base + arg as usize;
                            if self.stack.get(slot).is_none_or(Value::is_null) {
                                break 'err unbound_local(&code.co.localsplusnames[arg as usize]);
                            }
                            self.stack[slot] = Value::Null;
                        }
                        Opcode::LoadConst => {
                            let v = code.consts.get(arg as usize).cloned().unwrap_or(Value::None);
                            self.stack.push(v);
                        }
                        Opcode::UnaryPositive => {
                            let t = top!();
                            *t = tri!(ops::unary_positive(t));
                        }
                        Opcode::UnaryNegative => {
                            let t = top!();
                            *t = tri!(ops::unary_negative(t));
                        }
                        Opcode::UnaryNot => {
                            let t = top!();
                            *t = Value::Bool(!ops::truthy(t));
                        }
                        Opcode::UnaryInvert => {
                            let t = top!();
                            *t = tri!(ops::unary_invert(t));
                        }
                        Opcode::BinaryOp => {
                            let b = pop!();
                            let t = top!();
                            let r = match (&*t, &b) {
                                (Value::Int(x), Value::Int(y)) => match ops::int_op_small(arg, *x, *y) {
                                    Some(r) => r,
                                    None => ops::binary_op(arg, t, &b),
                                },
                                (Value::Float(x), Value::Float(y)) if matches!(arg, 0 | 13) => Ok(Value::Float(x + y)),
                                (Value::Float(x), Value::Float(y)) if matches!(arg, 10 | 23) => Ok(Value::Float(x - y)),
                                (Value::Float(x), Value::Float(y)) if matches!(arg, 5 | 18) => Ok(Value::Float(x * y)),
                                (Value::List(_), _) if arg == 13 && !matches!(b, Value::List(_)) => {
                                    let items = tri!(self.collect(&b));
                                    let t = top!();
                                    ops::binary_op(arg, t, &Value::list(items))
                                }
                                _ => ops::binary_op(arg, t, &b),
                            };
                            let t = top!();
                            *t = tri!(r);
                        }
                        Opcode::BinarySubscr => {
                            let idx = pop!();
                            let t = top!();
                            let r = match (&*t, &idx) {
                                (Value::List(l), Value::Int(i)) => {
                                    let items = l.items.borrow();
                                    let n = items.len() as i64;
                                    let j = if *i < 0 { i + n } else { *i };
                                    if j >= 0 && j < n {
                                        Ok(items[j as usize].clone())
                                    } else {
                                        Err(err(Exc::IndexError, "list index out of range"))
                                    }
                                }
                                _ => ops::getitem(t, &idx),
                            };
                            let t = top!();
                            *t = tri!(r);
                        }
                        Opcode::StoreSubscr => {
                            let idx = pop!();
                            let container = pop!();
                            let v = pop!();
                            if let (Value::List(_), Value::Slice(_)) = (&container, &idx)
                                && !matches!(v, Value::List(_) | Value::Tuple(_))
                            {
                                let items = tri!(self.collect(&v));
                                tri!(ops::setitem(&container, &idx, Value::list(items)));
                            } else {
                                tri!(ops::setitem(&container, &idx, v));
                            }
                        }
                        Opcode::DeleteSubscr => {
                            let idx = pop!();
                            let container = pop!();
                            tri!(ops::delitem(&container, &idx));
                        }
                        Opcode::GetLen => {
                            let n = match self.stack.last() {
                                Some(v) => tri!(ops::len(v)),
                                None => 0,
                            };
                            self.stack.push(Value::Int(n as i64));
                        }
                        Opcode::GetIter => {
                            let v = pop!();
                            let it = tri!(self.get_iter(&v));
                            self.stack.push(it);
                        }
                        Opcode::ForIter => {
                            let next = match self.stack.last() {
                                Some(Value::Iter(it)) => {
                                    let mut st = it.state.borrow_mut();
                                    match &mut *st {
                                        IterState::Range { next, step, left } => {
                                            if *left > 0 {
                                                let v = *next;
                                                *left -= 1;
                                                *next = next.wrapping_add(*step);
                                                Some(Value::Int(v))
                                            } else {
                                                None
                                            }
                                        }
                                        IterState::List { list, idx } => {
                                            let items = list.items.borrow();
                                            match items.get(*idx) {
                                                Some(v) => {
                                                    *idx += 1;
                                                    Some(v.clone())
                                                }
                                                None => None,
                                            }
                                        }
                                        _ => {
                                            drop(st);
                                            let it = Value::Iter(it.clone());
                                            tri!(self.next(&it))
                                        }
                                    }
                                }
                                Some(v) => {
                                    break 'err err(
                                        Exc::TypeError,
                                        format!("'{}' object is not an iterator", ops::type_name(v)),
                                    );
                                }
                                None => None,
                            };
                            match next {
                                Some(v) => self.stack.push(v),
                                None => {
                                    pop!();
                                    ip = arg as usize;
                                }
                            }
                        }
                        Opcode::ReturnValue => {
                            let v = pop!();
                            let Some(f) = self.frames.pop() else { return Ok(v) };
                            self.stack.truncate(f.ret_to);
                            if f.entry {
                                return Ok(v);
                            }
                            self.stack.push(v);
                            reload!();
                        }
                        Opcode::StoreName | Opcode::StoreGlobal => {
                            let v = pop!();
                            let name = &code.names[arg as usize];
                            globals.insert(HKey { hash: name.hash(), key: Value::Str(name.clone()) }, v);
                        }
                        Opcode::DeleteName | Opcode::DeleteGlobal => {
                            let name = &code.names[arg as usize];
                            if globals.remove(&HKey { hash: name.hash(), key: Value::Str(name.clone()) }).is_none() {
                                break 'err name_error(&name.s, globals.clone());
                            }
                        }
                        Opcode::LoadName => {
                            let name = &code.names[arg as usize];
                            let v = match globals.get_str(name) {
                                Some(v) => v,
                                None => match self.builtins.get_str(name) {
                                    Some(v) => v,
                                    None => break 'err name_error(&name.s, globals.clone()),
                                },
                            };
                            self.stack.push(v);
                        }
                        Opcode::LoadGlobal => {
                            let name = &code.names[(arg >> 1) as usize];
                            let slot = code.global_cache.get(this);
                            let cached = match slot.map(Cell::get) {
                                Some(at) if at > 0 => globals.get_str_if_at(at as usize - 1, name),
                                _ => None,
                            };
                            let found = match cached {
                                Some(v) => Some(v),
                                None => globals.get_str_at(name).map(|(i, v)| {
                                    if let Some(slot) = slot {
                                        slot.set(u32::try_from(i + 1).unwrap_or(0));
                                    }
                                    v
                                }),
                            };
                            let v = match found {
                                Some(v) => v,
                                None => match self.builtins.get_str(name) {
                                    Some(v) => v,
                                    None => break 'err name_error(&name.s, globals.clone()),
                                },
                            };
                            if arg & 1 != 0 {
                                self.stack.push(Value::Null);
                            }
                            self.stack.push(v);
                        }
                        Opcode::UnpackSequence => {
                            let seq = pop!();
                            let n = arg as usize;
                            let items: Vec<Value> = match &seq {
                                Value::Tuple(t) if t.len() == n => {
                                    self.stack.extend(t.iter().rev().cloned());
                                    continue;
                                }
                                Value::List(l) if l.items.borrow().len() == n => {
                                    let items = l.items.borrow();
                                    self.stack.extend(items.iter().rev().cloned());
                                    continue;
                                }
                                Value::Tuple(_)
                                | Value::List(_)
                                | Value::Str(_)
                                | Value::Iter(_)
                                | Value::Range(_)
                                | Value::Dict(_)
                                | Value::Set(_)
                                | Value::FrozenSet(_)
                                | Value::Bytes(_)
                                | Value::DictView(_) => tri!(self.collect(&seq)),
                                _ => {
                                    break 'err err(
                                        Exc::TypeError,
                                        format!("cannot unpack non-iterable {} object", ops::type_name(&seq)),
                                    );
                                }
                            };
                            if items.len() < n {
                                break 'err value_error::<()>(format!(
                                    "not enough values to unpack (expected {n}, got {})",
                                    items.len()
                                ))
                                .unwrap_err();
                            }
                            if items.len() > n {
                                break 'err value_error::<()>(format!("too many values to unpack (expected {n})"))
                                    .unwrap_err();
                            }
                            self.stack.extend(items.into_iter().rev());
                        }
                        Opcode::UnpackEx => {
                            let seq = pop!();
                            let before = (arg & 0xff) as usize;
                            let after = (arg >> 8) as usize;
                            let items = match &seq {
                                Value::Tuple(_)
                                | Value::List(_)
                                | Value::Str(_)
                                | Value::Iter(_)
                                | Value::Range(_)
                                | Value::Dict(_)
                                | Value::Set(_)
                                | Value::FrozenSet(_)
                                | Value::Bytes(_)
                                | Value::DictView(_) => tri!(self.collect(&seq)),
                                _ => {
                                    break 'err err(
                                        Exc::TypeError,
                                        format!("cannot unpack non-iterable {} object", ops::type_name(&seq)),
                                    );
                                }
                            };
                            if items.len() < before + after {
                                break 'err err(
                                    Exc::ValueError,
                                    format!(
                                        "not enough values to unpack (expected at least {}, got {})",
                                        before + after,
                                        items.len()
                                    ),
                                );
                            }
                            let mut items = items;
                            let tail = items.split_off(items.len() - after);
                            let mid = items.split_off(before);
                            self.stack.extend(tail.into_iter().rev());
                            self.stack.push(Value::list(mid));
                            self.stack.extend(items.into_iter().rev());
                        }
                        Opcode::StoreAttr => {
                            let owner = pop!();
                            let v = pop!();
                            tri!(crate::attr::set_attr(&owner, &code.names[arg as usize].s, v));
                        }
                        Opcode::DeleteAttr => {
                            let owner = pop!();
                            break 'err crate::exception::attr_error(&owner, &code.names[arg as usize].s);
                        }
                        Opcode::LoadAttr => {
                            let obj = pop!();
                            let name = code.names[arg as usize].clone();
                            let v = tri!(crate::attr::get_attr(self, &obj, &name.s));
                            self.stack.push(v);
                        }
                        Opcode::LoadMethod => {
                            let obj = pop!();
                            let name = &code.names[arg as usize];
                            let tag = crate::methods::cache_tag(&obj);
                            let slot = code.method_cache.get(this).filter(|_| tag != 0);
                            let found = match slot.and_then(|c| c.get()) {
                                Some((t, m)) if t == tag => Some(m),
                                _ => {
                                    let m = crate::methods::lookup(&obj, &name.s);
                                    if let (Some(slot), Some(m)) = (slot, m) {
                                        slot.set(Some((tag, m)));
                                    }
                                    m
                                }
                            };
                            match found {
                                Some(m) => {
                                    self.stack.push(Value::Builtin(m));
                                    self.stack.push(obj);
                                }
                                None => {
                                    let v = tri!(crate::attr::get_attr(self, &obj, &name.s));
                                    self.stack.push(Value::Null);
                                    self.stack.push(v);
                                }
                            }
                        }
                        Opcode::Swap => {
                            let n = self.stack.len();
                            let i = arg as usize;
                            if i <= n && i > 0 {
                                self.stack.swap(n - 1, n - i);
                            }
                        }
                        Opcode::Copy => {
                            let n = self.stack.len();
                            let v = self.stack.get(n.wrapping_sub(arg as usize)).cloned().unwrap_or(Value::Null);
                            self.stack.push(v);
                        }
                        Opcode::BuildTuple => {
                            let n = self.stack.len() - arg as usize;
                            let t: Vec<Value> = self.stack.drain(n..).collect();
                            self.stack.push(Value::Tuple(Rc::new(t)));
                        }
                        Opcode::BuildList => {
                            let n = self.stack.len() - arg as usize;
                            let v: Vec<Value> = self.stack.drain(n..).collect();
                            self.stack.push(Value::list(v));
                        }
                        Opcode::BuildSet => {
                            let n = self.stack.len() - arg as usize;
                            let items: Vec<Value> = self.stack.drain(n..).collect();
                            let mut t = crate::set::Table::default();
                            for v in items {
                                let h = tri!(ops::hash(&v));
                                t.add(v, h);
                            }
                            self.stack.push(Value::Set(Rc::new(crate::set::PySet::from_table(t))));
                        }
                        Opcode::BuildMap => {
                            let n = self.stack.len() - 2 * arg as usize;
                            let items: Vec<Value> = self.stack.drain(n..).collect();
                            let d = PyDict::new();
                            for kv in items.chunks(2) {
                                let h = tri!(ops::hash(&kv[0]));
                                d.insert(HKey { hash: h, key: kv[0].clone() }, kv[1].clone());
                            }
                            self.stack.push(Value::Dict(Rc::new(d)));
                        }
                        Opcode::BuildConstKeyMap => {
                            let keys = pop!();
                            let n = self.stack.len() - arg as usize;
                            let vals: Vec<Value> = self.stack.drain(n..).collect();
                            let d = PyDict::new();
                            if let Value::Tuple(ks) = keys {
                                for (k, v) in ks.iter().zip(vals) {
                                    let h = tri!(ops::hash(k));
                                    d.insert(HKey { hash: h, key: k.clone() }, v);
                                }
                            }
                            self.stack.push(Value::Dict(Rc::new(d)));
                        }
                        Opcode::BuildString => {
                            let n = self.stack.len() - arg as usize;
                            let parts = self.stack[n..].iter().filter_map(|v| match v {
                                Value::Str(p) => Some(&**p),
                                _ => None,
                            });
                            let s = PyStr::concat(parts);
                            self.stack.truncate(n);
                            self.stack.push(s);
                        }
                        Opcode::BuildSlice => {
                            let step = if arg == 3 { pop!() } else { Value::None };
                            let stop = pop!();
                            let start = pop!();
                            self.stack.push(Value::Slice(Rc::new(PySlice { start, stop, step })));
                        }
                        Opcode::ListToTuple => {
                            let t = top!();
                            if let Value::List(l) = t {
                                let items = l.items.borrow().clone();
                                *t = Value::tuple(items);
                            }
                        }
                        Opcode::ListAppend => {
                            let v = pop!();
                            let n = self.stack.len();
                            if let Some(Value::List(l)) = self.stack.get(n.wrapping_sub(arg as usize)) {
                                l.items.borrow_mut().push(v);
                            }
                        }
                        Opcode::SetAdd => {
                            let v = pop!();
                            let n = self.stack.len();
                            let h = tri!(ops::hash(&v));
                            if let Some(Value::Set(s)) = self.stack.get(n.wrapping_sub(arg as usize)) {
                                s.table.borrow_mut().add(v, h);
                            }
                        }
                        Opcode::MapAdd => {
                            let v = pop!();
                            let k = pop!();
                            let n = self.stack.len();
                            let h = tri!(ops::hash(&k));
                            if let Some(Value::Dict(d)) = self.stack.get(n.wrapping_sub(arg as usize)) {
                                d.insert(HKey { hash: h, key: k }, v);
                            }
                        }
                        Opcode::ListExtend => {
                            let v = pop!();
                            let n = self.stack.len();
                            let target = self.stack.get(n.wrapping_sub(arg as usize)).cloned();
                            if let Some(Value::List(l)) = target {
                                let items = match self.collect(&v) {
                                    Ok(i) => i,
                                    Err(_) => {
                                        break 'err err(
                                            Exc::TypeError,
                                            format!("Value after * must be an iterable, not {}", ops::type_name(&v)),
                                        );
                                    }
                                };
                                l.items.borrow_mut().extend(items);
                            }
                        }
                        Opcode::SetUpdate => {
                            let v = pop!();
                            let n = self.stack.len();
                            let target = self.stack.get(n.wrapping_sub(arg as usize)).cloned();
                            if let Some(Value::Set(s)) = target {
                                tri!(self.set_update(&s, &v));
                            }
                        }
                        Opcode::DictUpdate | Opcode::DictMerge => {
                            let v = pop!();
                            let n = self.stack.len();
                            let target = self.stack.get(n.wrapping_sub(arg as usize)).cloned();
                            if let Some(Value::Dict(d)) = target {
                                if !matches!(v, Value::Dict(_)) {
                                    break 'err err(
                                        Exc::TypeError,
                                        format!("'{}' object is not a mapping", ops::type_name(&v)),
                                    );
                                }
                                tri!(self.dict_update(&d, &v));
                            }
                        }
                        Opcode::CompareOp => {
                            let b = pop!();
                            let t = top!();
                            let r = match (&*t, &b) {
                                (Value::Int(x), Value::Int(y)) => match arg {
                                    0 => x < y,
                                    1 => x <= y,
                                    2 => x == y,
                                    3 => x != y,
                                    4 => x > y,
                                    _ => x >= y,
                                },
                                _ => tri!(ops::compare(t, &b, arg)),
                            };
                            let t = top!();
                            *t = Value::Bool(r);
                        }
                        Opcode::IsOp => {
                            let b = pop!();
                            let t = top!();
                            *t = Value::Bool(t.is(&b) != (arg == 1));
                        }
                        Opcode::ContainsOp => {
                            let container = pop!();
                            let t = top!();
                            let r = match &container {
                                Value::DictView(dv) => {
                                    let (d, kind) = &**dv;
                                    let d = Value::Dict(d.clone());
                                    if *kind == 0 {
                                        ops::contains(&d, t)
                                    } else {
                                        let items = tri!(self.collect(&container));
                                        let t = top!();
                                        Ok(items.iter().any(|x| ops::eq(x, t)))
                                    }
                                }
                                _ => ops::contains(&container, t),
                            };
                            let r = tri!(r);
                            let t = top!();
                            *t = Value::Bool(r != (arg == 1));
                        }
                        Opcode::JumpForward | Opcode::JumpBackward | Opcode::JumpBackwardNoInterrupt => {
                            ip = arg as usize;
                        }
                        Opcode::PopJumpForwardIfFalse | Opcode::PopJumpBackwardIfFalse => {
                            let v = pop!();
                            let t = match v {
                                Value::Bool(b) => b,
                                v => ops::truthy(&v),
                            };
                            if !t {
                                ip = arg as usize;
                            }
                        }
                        Opcode::PopJumpForwardIfTrue | Opcode::PopJumpBackwardIfTrue => {
                            let v = pop!();
                            let t = match v {
                                Value::Bool(b) => b,
                                v => ops::truthy(&v),
                            };
                            if t {
                                ip = arg as usize;
                            }
                        }
                        Opcode::PopJumpForwardIfNone | Opcode::PopJumpBackwardIfNone => {
                            if matches!(pop!(), Value::None) {
                                ip = arg as usize;
                            }
                        }
                        Opcode::PopJumpForwardIfNotNone | Opcode::PopJumpBackwardIfNotNone => {
                            if !matches!(pop!(), Value::None) {
                                ip = arg as usize;
                            }
                        }
                        Opcode::JumpIfFalseOrPop => {
                            if ops::truthy(top!()) {
                                pop!();
                            } else {
                                ip = arg as usize;
                            }
                        }
                        Opcode::JumpIfTrueOrPop => {
                            if ops::truthy(top!()) {
                                ip = arg as usize;
                            } else {
                                pop!();
                            }
                        }
                        Opcode::KwNames => kwnames = Some(arg),
                        Opcode::Call => {
                            let nargs = arg as usize;
                            let len = self.stack.len();
                            let Some(fpos) = len.checked_sub(nargs + 2) else {
                                break 'err err(Exc::SystemError, "stack underflow in CALL");
                            };
                            let (callable, args_start) = if self.stack[fpos].is_null() {
                                (self.stack[fpos + 1].clone(), fpos + 2)
                            } else {
                                (self.stack[fpos].clone(), fpos + 1)
                            };
                            let kwn = match kwnames.take() {
                                Some(i) => match code.consts.get(i as usize) {
                                    Some(Value::Tuple(t)) => Some(t.clone()),
                                    _ => None,
                                },
                                None => None,
                            };
                            match &callable {
                                Value::Function(func) => {
                                    if let Some(f) = self.frames.last_mut() {
                                        f.ip = ip;
                                        f.lasti = this;
                                    }
                                    tri!(self.bind_args(func, args_start, kwn.as_ref().map(|k| k.as_slice())));
                                    tri!(self.push_frame(func, args_start, fpos, false));
                                    reload!();
                                }
                                _ => {
                                    if let Some(f) = self.frames.last_mut() {
                                        f.ip = ip;
                                        f.lasti = this;
                                    }
                                    let r = self.call_native(&callable, args_start, kwn.as_ref().map(|k| k.as_slice()));
                                    self.stack.truncate(fpos);
                                    let r = tri!(r);
                                    self.stack.push(r);
                                }
                            }
                        }
                        Opcode::CallFunctionEx => {
                            let kwargs = if arg & 1 != 0 { pop!() } else { Value::Null };
                            let args = pop!();
                            let callable = pop!();
                            let _null = pop!();
                            let pos = match &args {
                                Value::Tuple(t) => t.to_vec(),
                                _ => tri!(self.collect(&args)),
                            };
                            let mut kw: Vec<(Rc<PyStr>, Value)> = Vec::new();
                            if let Value::Dict(d) = &kwargs {
                                for (k, v) in d.map.borrow().iter() {
                                    if let Value::Str(s) = &k.key {
                                        kw.push((s.clone(), v.clone()));
                                    }
                                }
                            }
                            if let Some(f) = self.frames.last_mut() {
                                f.ip = ip;
                                f.lasti = this;
                            }
                            let r = tri!(self.call(&callable, &pos, &kw));
                            self.stack.push(r);
                        }
                        Opcode::MakeFunction => {
                            let code_v = pop!();
                            let closure = if arg & 8 != 0 {
                                match pop!() {
                                    Value::Tuple(t) => Some(t),
                                    _ => None,
                                }
                            } else {
                                None
                            };
                            if arg & 4 != 0 {
                                pop!();
                            }
                            let kwdefaults = if arg & 2 != 0 {
                                match pop!() {
                                    Value::Dict(d) => Some(d),
                                    _ => None,
                                }
                            } else {
                                None
                            };
                            let defaults = if arg & 1 != 0 {
                                match pop!() {
                                    Value::Tuple(t) => Some(t),
                                    _ => None,
                                }
                            } else {
                                None
                            };
                            let Value::Code(c) = code_v else {
                                break 'err err(Exc::SystemError, "MAKE_FUNCTION without a code object");
                            };
                            let f = Function {
                                name: std::cell::RefCell::new(c.name.clone()),
                                qualname: std::cell::RefCell::new(c.qualname.clone()),
                                code: c,
                                globals: globals.clone(),
                                defaults,
                                kwdefaults,
                                closure,
                                attrs: std::cell::RefCell::new(None),
                            };
                            self.stack.push(Value::Function(Rc::new(f)));
                        }
                        Opcode::MakeCell => {
                            let slot = base + arg as usize;
                            if let Some(s) = self.stack.get_mut(slot) {
                                let v = std::mem::take(s);
                                *s = Value::Cell(Rc::new(std::cell::RefCell::new(v)));
                            }
                        }
                        Opcode::CopyFreeVars => {
                            let f = self.frames.last().and_then(|f| f.func.clone());
                            if let Some(f) = f
                                && let Some(c) = &f.closure
                            {
                                let n = arg as usize;
                                let start = base + code.nlocalsplus - n;
                                for (i, cell) in c.iter().take(n).enumerate() {
                                    self.stack[start + i] = cell.clone();
                                }
                            }
                        }
                        Opcode::LoadClosure => {
                            let v = self.stack.get(base + arg as usize).cloned().unwrap_or(Value::Null);
                            self.stack.push(v);
                        }
                        Opcode::LoadDeref | Opcode::LoadClassderef => {
                            let v = match self.stack.get(base + arg as usize) {
                                Some(Value::Cell(c)) => c.borrow().clone(),
                                _ => Value::Null,
                            };
                            if v.is_null() {
                                let name = &code.co.localsplusnames[arg as usize];
                                let is_free = code.co.localspluskinds.get(arg as usize).is_some_and(|k| k & 0x80 != 0);
                                break 'err if is_free { free_unbound(name) } else { unbound_local(name) };
                            }
                            self.stack.push(v);
                        }
                        Opcode::StoreDeref => {
                            let v = pop!();
                            if let Some(Value::Cell(c)) = self.stack.get(base + arg as usize) {
                                let old = c.replace(v);
                                drop(old);
                            }
                        }
                        Opcode::DeleteDeref => {
                            if let Some(Value::Cell(c)) = self.stack.get(base + arg as usize) {
                                let old = c.replace(Value::Null);
                                drop(old);
                            }
                        }
                        Opcode::FormatValue => {
                            let spec = if arg & 4 != 0 { pop!() } else { Value::Null };
                            let v = pop!();
                            let v = match arg & 3 {
                                // `str()` of a str is itself (which may hold lone surrogates).
                                1 if matches!(v, Value::Str(_)) => v,
                                1 => Value::string(tri!(self.str_of(&v))),
                                2 => Value::string(tri!(self.repr(&v))),
                                3 => {
                                    let b = &crate::builtins::ASCII;
                                    tri!((b.f)(self, &[v], &[]))
                                }
                                _ => v,
                            };
                            let r = match (&v, &spec) {
                                (Value::Str(_), Value::Null) => v,
                                (_, Value::Str(s)) => Value::string(tri!(crate::builtins::format_value(&v, &s.s))),
                                _ => Value::string(tri!(self.str_of(&v))),
                            };
                            self.stack.push(r);
                        }
                        Opcode::ImportName => {
                            let _fromlist = pop!();
                            let _level = pop!();
                            let name = code.names[arg as usize].clone();
                            let m = tri!(self.import(&name.s));
                            self.stack.push(m);
                        }
                        Opcode::ImportFrom => {
                            let name = code.names[arg as usize].clone();
                            let m = self.stack.last().cloned().unwrap_or(Value::None);
                            let v = match crate::attr::get_attr(self, &m, &name.s) {
                                Ok(v) => v,
                                Err(_) => {
                                    let mname = match &m {
                                        Value::Module(md) => md.name.to_string(),
                                        _ => "?".into(),
                                    };
                                    break 'err err(
                                        Exc::ImportError,
                                        format!("cannot import name '{}' from '{mname}' (unknown location)", name.s),
                                    );
                                }
                            };
                            self.stack.push(v);
                        }
                        Opcode::LoadAssertionError => {
                            let t = crate::builtins::type_of(&Value::Exception(PyException::new(
                                Exc::AssertionError,
                                vec![],
                            )));
                            self.stack.push(t);
                        }
                        Opcode::RaiseVarargs => match arg {
                            0 => {
                                let cur = self.exc_info.clone();
                                match cur {
                                    Value::Exception(e) => {
                                        self.reraising = true;
                                        break 'err e;
                                    }
                                    _ => break 'err err(Exc::RuntimeError, "No active exception to reraise"),
                                }
                            }
                            1 => {
                                let v = pop!();
                                break 'err self.raise_value(v);
                            }
                            _ => {
                                let cause = pop!();
                                let v = pop!();
                                let e = self.raise_value(v);
                                *e.cause.borrow_mut() = Some(cause);
                                break 'err e;
                            }
                        },
                        Opcode::PushExcInfo => {
                            let v = pop!();
                            let prev = std::mem::replace(&mut self.exc_info, v.clone());
                            self.stack.push(prev);
                            self.stack.push(v);
                        }
                        Opcode::PopExcept => {
                            let v = pop!();
                            self.exc_info = v;
                        }
                        Opcode::CheckExcMatch => {
                            let t = pop!();
                            let r = match (self.stack.last(), &t) {
                                (Some(Value::Exception(e)), Value::Type(ty)) => match ty.kind {
                                    crate::value::TypeKind::Exception(k) => e.class.is_subclass(Exc::from_index(k)),
                                    crate::value::TypeKind::Object => true,
                                    _ => false,
                                },
                                (Some(Value::Exception(e)), Value::Tuple(ts)) => ts.iter().any(|t| match t {
                                    Value::Type(ty) => match ty.kind {
                                        crate::value::TypeKind::Exception(k) => e.class.is_subclass(Exc::from_index(k)),
                                        _ => false,
                                    },
                                    _ => false,
                                }),
                                _ => false,
                            };
                            self.stack.push(Value::Bool(r));
                        }
                        Opcode::Reraise => {
                            let v = pop!();
                            if arg > 0 {
                                let n = self.stack.len();
                                if let Some(Value::Int(l)) = self.stack.get(n.wrapping_sub(arg as usize)) {
                                    this = *l as usize;
                                }
                            }
                            match v {
                                Value::Exception(e) => {
                                    self.reraising = true;
                                    break 'err e;
                                }
                                other => break 'err self.raise_value(other),
                            }
                        }
                        Opcode::SetupAnnotations => {
                            if globals.get_by_str("__annotations__").is_none() {
                                globals.set_str("__annotations__", Value::Dict(Rc::new(PyDict::new())));
                            }
                        }
                        Opcode::GetYieldFromIter
                        | Opcode::PrintExpr
                        | Opcode::LoadBuildClass
                        | Opcode::ReturnGenerator
                        | Opcode::ImportStar
                        | Opcode::YieldValue
                        | Opcode::AsyncGenWrap
                        | Opcode::PrepReraiseStar
                        | Opcode::CheckEgMatch
                        | Opcode::WithExceptStart
                        | Opcode::GetAiter
                        | Opcode::GetAnext
                        | Opcode::BeforeAsyncWith
                        | Opcode::BeforeWith
                        | Opcode::EndAsyncFor
                        | Opcode::MatchMapping
                        | Opcode::MatchSequence
                        | Opcode::MatchKeys
                        | Opcode::MatchClass
                        | Opcode::Send
                        | Opcode::GetAwaitable => break 'err unsupported(ins.op),
                    }
                }
            };
            // An exception: record where it happened and let `run` unwind.
            if let Some(f) = self.frames.last_mut() {
                f.lasti = this;
                f.ip = ip;
            }
            let _ = &mut this;
            Err(exc)
        }
    }

    fn import(&mut self, name: &str) -> PyResult<Value> {
        match name {
            "dis" => Ok(crate::dismod::module(self)),
            "sys" => Ok(crate::dismod::sys_module()),
            _ => Err(err(Exc::ModuleNotFoundError, format!("No module named '{name}'"))),
        }
    }
}

#[allow(dead_code)]
fn type_err<T>(m: &str) -> PyResult<T> {
    type_error(m)
}
