//! The virtual machine: its value stack and frame stack, calls, iteration and output.
//!
//! All frames share one value stack. A frame's localsplus slots start at `base` and its evaluation stack follows
//! them; a Python-to-Python call binds the arguments where the caller pushed them, so the callee's locals begin at
//! the first argument and nothing is copied. Python calls push a `Frame` and continue in the same dispatch loop
//! (`eval.rs`); only calls made from Rust code (a builtin calling a key function) re-enter the loop, and
//! `recursion_limit` bounds the frame count either way.

use std::io::Write;
use std::rc::Rc;

use crate::builtins::{BuiltinFn, Kw};
use crate::code::CodeInfo;
use crate::dict::{HKey, PyDict};
use crate::exception::{Exc, PyResult, err, type_error};
use crate::ops;
use crate::value::{Function, IterState, Module, PyStr, Value};

pub struct Frame {
    pub code: Rc<CodeInfo>,
    /// Next instruction (code unit index).
    pub ip: usize,
    /// The instruction executing (for tracebacks and exception tables).
    pub lasti: usize,
    /// Index of localsplus slot 0 in the value stack.
    pub base: usize,
    /// Stack height to cut back to when this frame returns, before pushing the result.
    pub ret_to: usize,
    pub globals: Rc<PyDict>,
    pub func: Option<Rc<Function>>,
    /// Returning from this frame returns from the current `run` call (the frame was entered from Rust).
    pub entry: bool,
}

/// Where `print` output goes.
pub enum Output {
    /// Buffered, then written to the process's stdout.
    Stdout(Vec<u8>),
    /// Collected in memory (tests, benchmarks).
    Capture(Vec<u8>),
}

pub struct Vm {
    pub stack: Vec<Value>,
    pub frames: Vec<Frame>,
    pub builtins: Rc<PyDict>,
    pub out: Output,
    pub err_out: Vec<u8>,
    pub recursion_limit: usize,
    /// The exception being handled (`sys.exc_info()`), None outside handlers.
    pub exc_info: Value,
    pub dis_module: Option<Value>,
    /// Set by RERAISE and bare `raise`: the unwinder adds no traceback entry for the re-raising frame.
    pub reraising: bool,
    /// Emptied argument vectors kept for reuse: a native call moves its arguments out of the value stack into one,
    /// so calls allocate nothing once the pool has warmed up (nested native calls each take their own).
    arg_pool: Vec<Vec<Value>>,
    /// `sys.stdout`'s error handler is `surrogateescape` (`RunConfig::stdout_surrogateescape`).
    pub stdout_surrogateescape: bool,
}

impl Vm {
    pub fn new(capture: bool) -> Vm {
        Vm {
            stack: Vec::with_capacity(1024),
            frames: Vec::with_capacity(64),
            builtins: crate::builtins::builtins_dict(),
            out: if capture { Output::Capture(Vec::new()) } else { Output::Stdout(Vec::with_capacity(8192)) },
            err_out: Vec::new(),
            recursion_limit: 1000,
            exc_info: Value::None,
            dis_module: None,
            reraising: false,
            arg_pool: Vec::new(),
            stdout_surrogateescape: false,
        }
    }

    pub fn write(&mut self, s: &str) {
        self.write_bytes(s.as_bytes());
    }

    /// Writes encoded text to stdout.
    pub fn write_bytes(&mut self, s: &[u8]) {
        match &mut self.out {
            Output::Stdout(buf) => {
                buf.extend_from_slice(s);
                if buf.len() > 1 << 16 {
                    self.flush();
                }
            }
            Output::Capture(buf) => buf.extend_from_slice(s),
        }
    }

    pub fn write_err(&mut self, s: &str) {
        self.flush();
        match &self.out {
            Output::Stdout(_) => {
                let _ = std::io::stderr().write_all(s.as_bytes());
            }
            Output::Capture(_) => self.err_out.extend_from_slice(s.as_bytes()),
        }
    }

    pub fn flush(&mut self) {
        if let Output::Stdout(buf) = &mut self.out {
            let mut so = std::io::stdout().lock();
            let _ = so.write_all(buf);
            let _ = so.flush();
            buf.clear();
        }
    }

    pub fn captured(&self) -> &[u8] {
        match &self.out {
            Output::Stdout(b) | Output::Capture(b) => b,
        }
    }

    /// A module namespace with the names CPython puts in `__main__` before running a script.
    pub fn main_globals(&self, filename: &str) -> Rc<PyDict> {
        let g = PyDict::new();
        g.set_str("__name__", Value::str("__main__"));
        g.set_str("__doc__", Value::None);
        g.set_str("__package__", Value::None);
        g.set_str("__loader__", Value::None);
        g.set_str("__spec__", Value::None);
        g.set_str("__annotations__", Value::Dict(Rc::new(PyDict::new())));
        g.set_str(
            "__builtins__",
            Value::Module(Rc::new(Module { name: "builtins".into(), dict: self.builtins.clone() })),
        );
        g.set_str("__file__", Value::str(filename));
        g.set_str("__cached__", Value::None);
        Rc::new(g)
    }

    /// Runs a module-level code object in `globals`.
    pub fn run_module(&mut self, code: Rc<CodeInfo>, globals: Rc<PyDict>) -> PyResult<Value> {
        let base = self.stack.len();
        self.stack.resize(base + code.nlocalsplus, Value::Null);
        self.frames.push(Frame { code, ip: 0, lasti: 0, base, ret_to: base, globals, func: None, entry: true });
        self.run()
    }

    /// Pushes a frame for `f` whose arguments are already bound at `base..`; checks the recursion limit.
    pub fn push_frame(&mut self, f: &Rc<Function>, base: usize, ret_to: usize, entry: bool) -> PyResult<()> {
        if self.frames.len() >= self.recursion_limit {
            self.stack.truncate(ret_to);
            return Err(err(Exc::RecursionError, "maximum recursion depth exceeded"));
        }
        self.stack.reserve(f.code.co.stacksize as usize + 8);
        self.frames.push(Frame {
            code: f.code.clone(),
            ip: 0,
            lasti: 0,
            base,
            ret_to,
            globals: f.globals.clone(),
            func: Some(f.clone()),
            entry,
        });
        Ok(())
    }

    /// Binds arguments for a call of `f`. The positional arguments (and then the keyword values, named by
    /// `kwnames`) sit on the stack from `args_start`; on success the localsplus slots occupy `args_start..`.
    pub fn bind_args(&mut self, f: &Function, args_start: usize, kwnames: Option<&[Value]>) -> PyResult<()> {
        let code = &f.code;
        let nkw = kwnames.map_or(0, |k| k.len());
        let total = self.stack.len() - args_start;
        let npos = total - nkw;
        let argcount = code.argcount;
        if code.simple && nkw == 0 {
            if npos == argcount {
                self.stack.resize(args_start + code.nlocalsplus, Value::Null);
                return Ok(());
            }
            if npos < argcount
                && let Some(d) = &f.defaults
                && npos + d.len() >= argcount
            {
                let from = d.len() - (argcount - npos);
                self.stack.extend(d[from..].iter().cloned());
                self.stack.resize(args_start + code.nlocalsplus, Value::Null);
                return Ok(());
            }
        }
        self.bind_general(f, args_start, kwnames)
    }

    fn bind_general(&mut self, f: &Function, args_start: usize, kwnames: Option<&[Value]>) -> PyResult<()> {
        let code = &f.code;
        let co = &code.co;
        let qual = f.qualname.borrow().s.to_string();
        let nkw = kwnames.map_or(0, |k| k.len());
        let mut args: Vec<Value> = self.stack.drain(args_start..).collect();
        let kwvals = args.split_off(args.len() - nkw);
        let argcount = code.argcount;
        let kwonly = co.kwonlyargcount as usize;
        let posonly = co.posonlyargcount as usize;
        let varargs = co.flags & pyir::code::flags::VARARGS != 0;
        let varkw = co.flags & pyir::code::flags::VARKEYWORDS != 0;
        let mut slots = vec![Value::Null; code.nlocalsplus];
        let names = &co.localsplusnames;
        let npos = args.len();
        if npos > argcount && !varargs {
            let ndef = f.defaults.as_ref().map_or(0, |d| d.len());
            let kw_given = kwnames.map_or(0, |k| {
                k.iter()
                    .filter(|n| {
                        matches!(n, Value::Str(s) if names[argcount..argcount + kwonly].iter().any(|x| **x == *s.s))
                    })
                    .count()
            });
            let takes = if ndef > 0 {
                format!("from {} to {} positional arguments", argcount - ndef, argcount)
            } else {
                format!("{argcount} positional argument{}", if argcount == 1 { "" } else { "s" })
            };
            let given = if kw_given > 0 {
                format!(
                    "{npos} positional argument{} (and {kw_given} keyword-only argument{})",
                    if npos == 1 { "" } else { "s" },
                    if kw_given == 1 { "" } else { "s" }
                )
            } else {
                npos.to_string()
            };
            let was = if npos == 1 && kw_given == 0 { "was" } else { "were" };
            return type_error(format!("{qual}() takes {takes} but {given} {was} given"));
        }
        let mut extra = Vec::new();
        for (i, v) in args.into_iter().enumerate() {
            if i < argcount {
                slots[i] = v;
            } else {
                extra.push(v);
            }
        }
        let mut next_slot = argcount + kwonly;
        if varargs {
            slots[next_slot] = Value::tuple(extra);
            next_slot += 1;
        }
        let kwdict = if varkw {
            let d = Rc::new(PyDict::new());
            slots[next_slot] = Value::Dict(d.clone());
            Some(d)
        } else {
            None
        };
        if let Some(kn) = kwnames {
            for (name, v) in kn.iter().zip(kwvals) {
                let Value::Str(n) = name else { continue };
                let pos = names[..argcount + kwonly].iter().position(|x| **x == *n.s);
                match pos {
                    Some(p) if p >= posonly => {
                        if !slots[p].is_null() {
                            return type_error(format!("{qual}() got multiple values for argument '{}'", n.s));
                        }
                        slots[p] = v;
                    }
                    _ => match &kwdict {
                        Some(d) => d.insert(HKey { hash: n.hash(), key: name.clone() }, v),
                        None => {
                            if pos.is_some() {
                                return type_error(format!(
                                    "{qual}() got some positional-only arguments passed as keyword arguments: '{}'",
                                    n.s
                                ));
                            }
                            return type_error(format!("{qual}() got an unexpected keyword argument '{}'", n.s));
                        }
                    },
                }
            }
        }
        // Defaults for missing positional parameters, then the error for what is still missing.
        let ndef = f.defaults.as_ref().map_or(0, |d| d.len());
        let mut missing = Vec::new();
        for (i, slot) in slots.iter_mut().enumerate().take(argcount) {
            if slot.is_null() {
                if i + ndef >= argcount
                    && let Some(d) = &f.defaults
                {
                    *slot = d[i + ndef - argcount].clone();
                } else {
                    missing.push(names[i].to_string());
                }
            }
        }
        if !missing.is_empty() {
            return type_error(format!(
                "{qual}() missing {} required positional argument{}: {}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                name_list(&missing)
            ));
        }
        for (i, slot) in slots.iter_mut().enumerate().skip(argcount).take(kwonly) {
            if slot.is_null() {
                let def = f.kwdefaults.as_ref().and_then(|d| d.get_by_str(&names[i]));
                match def {
                    Some(v) => *slot = v,
                    None => missing.push(names[i].to_string()),
                }
            }
        }
        if !missing.is_empty() {
            return type_error(format!(
                "{qual}() missing {} required keyword-only argument{}: {}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                name_list(&missing)
            ));
        }
        self.stack.extend(slots);
        Ok(())
    }

    /// Calls any callable from Rust code.
    pub fn call(&mut self, callable: &Value, args: &[Value], kw: Kw) -> PyResult<Value> {
        match callable {
            Value::Function(f) => {
                let ret_to = self.stack.len();
                self.stack.extend(args.iter().cloned());
                let kwnames: Option<Vec<Value>> = if kw.is_empty() {
                    None
                } else {
                    self.stack.extend(kw.iter().map(|(_, v)| v.clone()));
                    Some(kw.iter().map(|(k, _)| Value::Str(k.clone())).collect())
                };
                if let Err(e) = self.bind_args(f, ret_to, kwnames.as_deref()) {
                    self.stack.truncate(ret_to);
                    return Err(e);
                }
                self.push_frame(f, ret_to, ret_to, true)?;
                self.run()
            }
            Value::Builtin(b) => (b.f)(self, args, kw),
            Value::BoundMethod(m) => {
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(m.0.clone());
                all.extend(args.iter().cloned());
                (m.1.f)(self, &all, kw)
            }
            Value::Type(t) => {
                let t = t.clone();
                crate::builtins::call_type(self, &t, args, kw)
            }
            _ => type_error(format!("'{}' object is not callable", ops::type_name(callable))),
        }
    }

    /// Calls a native callable with arguments moved out of the stack from `args_start` (the last `kwnames.len()`
    /// of them are keyword values).
    pub fn call_native(&mut self, callable: &Value, args_start: usize, kwnames: Option<&[Value]>) -> PyResult<Value> {
        let mut buf = self.arg_pool.pop().unwrap_or_default();
        let mut f: Option<&'static BuiltinFn> = None;
        match callable {
            Value::Builtin(b) => f = Some(b),
            Value::BoundMethod(m) => {
                buf.push(m.0.clone());
                f = Some(m.1);
            }
            _ => {}
        }
        let nkw = kwnames.map_or(0, |k| k.len());
        let kwstart = self.stack.len() - nkw;
        let mut kw: Vec<(Rc<PyStr>, Value)> = Vec::new();
        if nkw > 0 {
            for (name, v) in kwnames.unwrap_or(&[]).iter().zip(self.stack.drain(kwstart..)) {
                if let Value::Str(s) = name {
                    kw.push((s.clone(), v));
                }
            }
        }
        // Moving each argument out (leaving Null) and truncating is a plain loop; `drain` costs more per call.
        for v in self.stack.get_mut(args_start..).unwrap_or_default() {
            buf.push(std::mem::take(v));
        }
        self.stack.truncate(args_start);
        let r = match f {
            Some(b) => (b.f)(self, &buf, &kw),
            None => self.call(callable, &buf, &kw),
        };
        buf.clear();
        self.arg_pool.push(buf);
        r
    }

    pub fn get_iter(&mut self, v: &Value) -> PyResult<Value> {
        match v {
            Value::DictView(dv) => {
                let (d, kind) = &**dv;
                Ok(Value::iter(IterState::Dict { dict: d.clone(), idx: 0, kind: *kind, len: d.len() }))
            }
            _ => ops::get_iter(v),
        }
    }

    /// One step of an iterator; `None` when exhausted.
    pub fn next(&mut self, it: &Value) -> PyResult<Option<Value>> {
        let Value::Iter(it) = it else {
            return type_error(format!("'{}' object is not an iterator", ops::type_name(it)));
        };
        let mut st = it.state.borrow_mut();
        let v = match &mut *st {
            IterState::Range { next, step, left } => {
                if *left <= 0 {
                    return Ok(None);
                }
                let v = *next;
                *left -= 1;
                *next = next.wrapping_add(*step);
                Value::Int(v)
            }
            IterState::List { list, idx } => {
                let items = list.items.borrow();
                match items.get(*idx) {
                    Some(v) => {
                        *idx += 1;
                        v.clone()
                    }
                    None => return Ok(None),
                }
            }
            IterState::ListRev { list, idx } => {
                let items = list.items.borrow();
                if *idx == 0 || *idx > items.len() {
                    return Ok(None);
                }
                *idx -= 1;
                items[*idx].clone()
            }
            IterState::Tuple { tuple, idx } => match tuple.get(*idx) {
                Some(v) => {
                    *idx += 1;
                    v.clone()
                }
                None => return Ok(None),
            },
            IterState::Values { items, idx } => match items.get(*idx) {
                Some(v) => {
                    *idx += 1;
                    v.clone()
                }
                None => return Ok(None),
            },
            IterState::Str { s, byte } => match s.s[*byte..].chars().next() {
                Some(c) => {
                    let n = c.len_utf8();
                    let v = match &s.surrogates {
                        None => Value::str(&s.s[*byte..*byte + n]),
                        // The stand-in and the exact value have the same byte offsets (see `PyStr`).
                        Some(w) => Value::Str(Rc::new(PyStr::from_wtf8(w.get(*byte, *byte + n).unwrap_or_default()))),
                    };
                    *byte += n;
                    v
                }
                None => return Ok(None),
            },
            IterState::Bytes { b, idx } => match b.get(*idx) {
                Some(&x) => {
                    *idx += 1;
                    Value::Int(x as i64)
                }
                None => return Ok(None),
            },
            IterState::Dict { dict, idx, kind, len } => {
                if dict.len() != *len {
                    *len = usize::MAX;
                    return Err(err(Exc::RuntimeError, "dictionary changed size during iteration"));
                }
                match dict.entry_at(*idx) {
                    Some((k, v)) => {
                        *idx += 1;
                        match kind {
                            0 => k,
                            1 => v,
                            _ => Value::tuple(vec![k, v]),
                        }
                    }
                    None => return Ok(None),
                }
            }
            IterState::Set { set, idx, len } => {
                if set.len() != *len {
                    *len = usize::MAX;
                    return Err(err(Exc::RuntimeError, "Set changed size during iteration"));
                }
                let t = set.table.borrow();
                loop {
                    match t.slots.get(*idx) {
                        Some(crate::set::Slot::Full(_, k)) => {
                            *idx += 1;
                            break k.clone();
                        }
                        Some(_) => *idx += 1,
                        None => return Ok(None),
                    }
                }
            }
            IterState::Enumerate { it: inner, n } => {
                let (inner, cur) = (inner.clone(), n.clone());
                drop(st);
                let Some(v) = self.next(&inner)? else { return Ok(None) };
                let nn = ops::binary_op(0, &cur, &Value::Int(1))?;
                if let IterState::Enumerate { n, .. } = &mut *it.state.borrow_mut() {
                    *n = nn;
                }
                return Ok(Some(Value::tuple(vec![cur, v])));
            }
            IterState::Zip { its } => {
                let its = its.clone();
                drop(st);
                let mut out = Vec::with_capacity(its.len());
                for i in &its {
                    match self.next(i)? {
                        Some(v) => out.push(v),
                        None => return Ok(None),
                    }
                }
                if its.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(Value::tuple(out)));
            }
            IterState::Map { func, its } => {
                let (func, its) = (func.clone(), its.clone());
                drop(st);
                let mut args = Vec::with_capacity(its.len());
                for i in &its {
                    match self.next(i)? {
                        Some(v) => args.push(v),
                        None => return Ok(None),
                    }
                }
                return Ok(Some(self.call(&func, &args, &[])?));
            }
            IterState::Filter { func, it } => {
                let (func, it) = (func.clone(), it.clone());
                drop(st);
                loop {
                    let Some(v) = self.next(&it)? else { return Ok(None) };
                    let keep = match func {
                        Value::None => ops::truthy(&v),
                        _ => ops::truthy(&self.call(&func, std::slice::from_ref(&v), &[])?),
                    };
                    if keep {
                        return Ok(Some(v));
                    }
                }
            }
            IterState::Exhausted => return Ok(None),
        };
        Ok(Some(v))
    }

    /// Collects any iterable into a Vec.
    pub fn collect(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        match v {
            Value::List(l) => Ok(l.items.borrow().clone()),
            Value::Tuple(t) => Ok(t.to_vec()),
            _ => {
                let it = self.get_iter(v)?;
                let mut out = Vec::new();
                while let Some(x) = self.next(&it)? {
                    out.push(x);
                }
                Ok(out)
            }
        }
    }

    pub fn set_update(&mut self, s: &crate::set::PySet, v: &Value) -> PyResult<()> {
        match v {
            Value::Set(o) | Value::FrozenSet(o) => {
                let other = o.table.borrow().clone();
                s.table.borrow_mut().merge(&other);
            }
            Value::Dict(d) => {
                let keys: Vec<HKey> = d.map.borrow().keys().cloned().collect();
                let mut t = s.table.borrow_mut();
                if (t.fill + keys.len()) * 5 >= (t.slots.len() - 1) * 3 {
                    let want = (t.used + keys.len()) * 2;
                    t.resize(want);
                }
                for k in keys {
                    t.add(k.key, k.hash);
                }
            }
            _ => {
                let items = self.collect(v)?;
                for x in items {
                    let h = ops::hash(&x)?;
                    s.table.borrow_mut().add(x, h);
                }
            }
        }
        Ok(())
    }

    pub fn dict_update(&mut self, d: &PyDict, v: &Value) -> PyResult<()> {
        match v {
            Value::Dict(o) => {
                let items: Vec<(HKey, Value)> = o.map.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                for (k, v) in items {
                    d.insert(k, v);
                }
            }
            _ => {
                let items = self.collect(v)?;
                for (i, item) in items.into_iter().enumerate() {
                    let pair = self.collect(&item).map_err(|_| {
                        err(
                            Exc::TypeError,
                            format!("cannot convert dictionary update sequence element #{i} to a sequence"),
                        )
                    })?;
                    if pair.len() != 2 {
                        return Err(err(
                            Exc::ValueError,
                            format!("dictionary update sequence element #{i} has length {}; 2 is required", pair.len()),
                        ));
                    }
                    let h = ops::hash(&pair[0])?;
                    d.insert(HKey { hash: h, key: pair[0].clone() }, pair[1].clone());
                }
            }
        }
        Ok(())
    }

    pub fn repr(&mut self, v: &Value) -> PyResult<String> {
        Ok(match v {
            Value::DictView(dv) => {
                let (d, kind) = &**dv;
                let name = ["dict_keys", "dict_values", "dict_items"][*kind as usize % 3];
                let it = Value::iter(IterState::Dict { dict: d.clone(), idx: 0, kind: *kind, len: d.len() });
                let items = self.collect(&it)?;
                format!("{name}({})", ops::repr(&Value::list(items)))
            }
            _ => ops::repr(v),
        })
    }

    pub fn str_of(&mut self, v: &Value) -> PyResult<String> {
        match v {
            Value::Str(s) => Ok(s.s.to_string()),
            Value::DictView(_) => self.repr(v),
            _ => Ok(ops::to_str(v)),
        }
    }
}

/// `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`: CPython's list of missing argument names.
fn name_list(names: &[String]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        2 => format!("{} and {}", q[0], q[1]),
        n => format!("{}, and {}", q[..n - 1].join(", "), q[n - 1]),
    }
}
