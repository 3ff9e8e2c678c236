//! Methods of `list`, `tuple`, `dict`, `set` and `frozenset`.

use std::rc::Rc;

use super::{Sig, args, bind, index_arg, method_table, receiver_error};
use crate::builtins::Kw;
use crate::dict::{HKey, PyDict};
use crate::exception::{Exc, PyException, PyResult, err, type_error, value_error};
use crate::ops;
use crate::set::{PySet, Slot, Table};
use crate::value::{PyList, Value};
use crate::vm::Vm;

method_table! {
    pub(super) fn list_lookup, "list" {
        "append" => append,
        "clear" => list_clear,
        "copy" => list_copy,
        "count" => list_count,
        "extend" => extend,
        "index" => list_index,
        "insert" => insert,
        "pop" => list_pop,
        "remove" => remove,
        "reverse" => reverse,
        "sort" => sort,
    }
}

method_table! {
    pub(super) fn tuple_lookup, "tuple" {
        "count" => tuple_count,
        "index" => tuple_index,
    }
}

method_table! {
    pub(super) fn dict_lookup, "dict" {
        "clear" => dict_clear,
        "copy" => dict_copy,
        "fromkeys" => fromkeys,
        "get" => get,
        "items" => items,
        "keys" => keys,
        "pop" => dict_pop,
        "popitem" => popitem,
        "setdefault" => setdefault,
        "update" => update,
        "values" => values,
    }
}

method_table! {
    pub(super) fn set_lookup, "set" {
        "add" => add,
        "clear" => set_clear,
        "copy" => set_copy,
        "difference" => difference,
        "difference_update" => difference_update,
        "discard" => discard,
        "intersection" => intersection,
        "intersection_update" => intersection_update,
        "isdisjoint" => isdisjoint,
        "issubset" => issubset,
        "issuperset" => issuperset,
        "pop" => set_pop,
        "remove" => set_remove,
        "symmetric_difference" => symmetric_difference,
        "symmetric_difference_update" => symmetric_difference_update,
        "union" => union,
        "update" => set_update,
    }
}

method_table! {
    pub(super) fn frozenset_lookup, "frozenset" {
        "copy" => set_copy,
        "difference" => difference,
        "intersection" => intersection,
        "isdisjoint" => isdisjoint,
        "issubset" => issubset,
        "issuperset" => issuperset,
        "symmetric_difference" => symmetric_difference,
        "union" => union,
    }
}

fn this_list<'a>(a: &'a [Value], name: &str) -> PyResult<&'a Rc<PyList>> {
    match a.first() {
        Some(Value::List(l)) => Ok(l),
        _ => receiver_error("list", name, a),
    }
}

fn append(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [v, ..] = bind(&Sig::one("list", "append"), args(a), kw)?;
    this_list(a, "append")?.items.borrow_mut().push(v.cloned().unwrap_or(Value::None));
    Ok(Value::None)
}

fn extend(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [v, ..] = bind(&Sig::one("list", "extend"), args(a), kw)?;
    let l = this_list(a, "extend")?.clone();
    let items = vm.collect(v.unwrap_or(&Value::None))?;
    l.items.borrow_mut().extend(items);
    Ok(Value::None)
}

fn insert(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [i, v, ..] = bind(&Sig::pos("list", "insert", 2, 2), args(a), kw)?;
    let l = this_list(a, "insert")?;
    let i = index_arg(i.unwrap_or(&Value::None))?;
    let mut items = l.items.borrow_mut();
    let n = items.len() as i64;
    let j = if i < 0 { (i + n).max(0) } else { i.min(n) };
    items.insert(j as usize, v.cloned().unwrap_or(Value::None));
    Ok(Value::None)
}

fn list_pop(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [i, ..] = bind(&Sig::pos("list", "pop", 0, 1), args(a), kw)?;
    let l = this_list(a, "pop")?;
    let i = match i {
        Some(v) => Some(index_arg(v)?),
        None => None,
    };
    let mut items = l.items.borrow_mut();
    if items.is_empty() {
        return Err(err(Exc::IndexError, "pop from empty list"));
    }
    let n = items.len() as i64;
    let i = i.unwrap_or(n - 1);
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(err(Exc::IndexError, "pop index out of range"));
    }
    Ok(items.remove(j as usize))
}

/// `x is y or x == y`, as the containers compare their items.
fn same(x: &Value, y: &Value) -> bool {
    x.is(y) || ops::eq(x, y)
}

/// The start/stop of `list.index` / `tuple.index`, clamped to `0..=n`.
fn index_range(start: Option<&Value>, stop: Option<&Value>, n: i64) -> PyResult<(usize, usize)> {
    let norm = |v: Option<&Value>, def: i64| -> PyResult<i64> {
        match v {
            None => Ok(def),
            Some(v) => {
                let i = match v {
                    Value::BigInt(b) => {
                        if num_traits::Signed::is_negative(&**b) {
                            i64::MIN
                        } else {
                            i64::MAX
                        }
                    }
                    _ => ops::as_index(v).ok_or_else(|| {
                        err(Exc::TypeError, "slice indices must be integers or have an __index__ method")
                    })?,
                };
                Ok(if i < 0 { i.saturating_add(n).max(0) } else { i.min(n) })
            }
        }
    };
    Ok((norm(start, 0)? as usize, norm(stop, n)? as usize))
}

fn seq_index(items: &[Value], a: &[Value], kw: Kw, owner: &'static str) -> PyResult<Option<usize>> {
    let [x, start, stop, _] = bind(&Sig::pos(owner, "index", 1, 3), args(a), kw)?;
    let x = x.unwrap_or(&Value::None);
    let (start, stop) = index_range(start, stop, items.len() as i64)?;
    for (i, v) in items.iter().enumerate().take(stop).skip(start) {
        if same(v, x) {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn list_index(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let items = this_list(a, "index")?.items.borrow().clone();
    match seq_index(&items, a, kw, "list")? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => value_error(format!("{} is not in list", ops::repr(&a[1]))),
    }
}

fn tuple_index(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let Some(Value::Tuple(t)) = a.first() else { return receiver_error("tuple", "index", a) };
    match seq_index(t, a, kw, "tuple")? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => value_error("tuple.index(x): x not in tuple"),
    }
}

fn list_count(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [x, ..] = bind(&Sig::one("list", "count"), args(a), kw)?;
    let items = this_list(a, "count")?.items.borrow().clone();
    let x = x.unwrap_or(&Value::None);
    Ok(Value::Int(items.iter().filter(|v| same(v, x)).count() as i64))
}

fn tuple_count(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [x, ..] = bind(&Sig::one("tuple", "count"), args(a), kw)?;
    let Some(Value::Tuple(t)) = a.first() else { return receiver_error("tuple", "count", a) };
    let x = x.unwrap_or(&Value::None);
    Ok(Value::Int(t.iter().filter(|v| same(v, x)).count() as i64))
}

fn sort(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    if a.len() > 1 {
        return type_error("sort() takes no positional arguments");
    }
    let [key, reverse, ..] = bind(&Sig::kwonly("list", "sort", &["key", "reverse"], 0, 0), args(a), kw)?;
    let l = this_list(a, "sort")?.clone();
    let key = key.filter(|v| !matches!(v, Value::None)).cloned();
    let reverse = reverse.is_some_and(ops::truthy);
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
}

fn reverse(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("list", "reverse"), args(a), kw)?;
    this_list(a, "reverse")?.items.borrow_mut().reverse();
    Ok(Value::None)
}

fn list_copy(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("list", "copy"), args(a), kw)?;
    Ok(Value::list(this_list(a, "copy")?.items.borrow().clone()))
}

fn list_clear(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("list", "clear"), args(a), kw)?;
    // The old items drop after the borrow ends, so a destructor that touches the list cannot see it borrowed.
    let old = std::mem::take(&mut *this_list(a, "clear")?.items.borrow_mut());
    drop(old);
    Ok(Value::None)
}

fn remove(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [x, ..] = bind(&Sig::one("list", "remove"), args(a), kw)?;
    let l = this_list(a, "remove")?;
    let x = x.unwrap_or(&Value::None);
    let items = l.items.borrow().clone();
    match items.iter().position(|v| same(v, x)) {
        Some(i) => {
            l.items.borrow_mut().remove(i);
            Ok(Value::None)
        }
        None => value_error("list.remove(x): x not in list"),
    }
}

fn this_dict<'a>(a: &'a [Value], name: &str) -> PyResult<&'a Rc<PyDict>> {
    match a.first() {
        Some(Value::Dict(d)) => Ok(d),
        _ => receiver_error("dict", name, a),
    }
}

fn hkey(v: &Value) -> PyResult<HKey> {
    Ok(HKey { hash: ops::hash(v)?, key: v.clone() })
}

fn get(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [k, def, ..] = bind(&Sig::pos("dict", "get", 1, 2), args(a), kw)?;
    let d = this_dict(a, "get")?;
    Ok(d.get(&hkey(k.unwrap_or(&Value::None))?).unwrap_or_else(|| def.cloned().unwrap_or(Value::None)))
}

fn view(a: &[Value], kw: Kw, name: &'static str, kind: u8) -> PyResult<Value> {
    bind(&Sig::noargs("dict", name), args(a), kw)?;
    Ok(Value::DictView(Rc::new((this_dict(a, name)?.clone(), kind))))
}

fn keys(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    view(a, kw, "keys", 0)
}

fn values(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    view(a, kw, "values", 1)
}

fn items(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    view(a, kw, "items", 2)
}

fn dict_pop(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [k, def, ..] = bind(&Sig::pos("dict", "pop", 1, 2), args(a), kw)?;
    let d = this_dict(a, "pop")?;
    let k = k.unwrap_or(&Value::None);
    match d.remove(&hkey(k)?) {
        Some(v) => Ok(v),
        None => match def {
            Some(def) => Ok(def.clone()),
            None => Err(PyException::new(Exc::KeyError, vec![k.clone()])),
        },
    }
}

fn popitem(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("dict", "popitem"), args(a), kw)?;
    let d = this_dict(a, "popitem")?;
    let last = d.map.borrow_mut().pop();
    match last {
        Some((k, v)) => Ok(Value::tuple(vec![k.key, v])),
        None => Err(PyException::new(Exc::KeyError, vec![Value::str("popitem(): dictionary is empty")])),
    }
}

fn update(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let n = a.len().saturating_sub(1);
    if n > 1 {
        return type_error(format!("update expected at most 1 argument, got {n}"));
    }
    let d = this_dict(a, "update")?.clone();
    if let Some(v) = a.get(1) {
        vm.dict_update(&d, v)?;
    }
    for (k, v) in kw {
        d.insert(HKey { hash: k.hash(), key: Value::Str(k.clone()) }, v.clone());
    }
    Ok(Value::None)
}

fn setdefault(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [k, def, ..] = bind(&Sig::pos("dict", "setdefault", 1, 2), args(a), kw)?;
    let d = this_dict(a, "setdefault")?;
    let k = hkey(k.unwrap_or(&Value::None))?;
    if let Some(v) = d.get(&k) {
        return Ok(v);
    }
    let v = def.cloned().unwrap_or(Value::None);
    d.insert(k, v.clone());
    Ok(v)
}

fn dict_copy(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("dict", "copy"), args(a), kw)?;
    let d = this_dict(a, "copy")?;
    Ok(Value::Dict(Rc::new(PyDict::from_map(d.map.borrow().clone()))))
}

fn dict_clear(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("dict", "clear"), args(a), kw)?;
    let old = std::mem::take(&mut *this_dict(a, "clear")?.map.borrow_mut());
    drop(old);
    Ok(Value::None)
}

/// `dict.fromkeys(iterable, value=None)`; reached through the type or an instance.
fn fromkeys(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [it, v, ..] = bind(&Sig::pos("dict", "fromkeys", 1, 2), args(a), kw)?;
    let keys = vm.collect(it.unwrap_or(&Value::None))?;
    let v = v.cloned().unwrap_or(Value::None);
    let d = PyDict::new();
    for k in keys {
        d.insert(hkey(&k)?, v.clone());
    }
    Ok(Value::Dict(Rc::new(d)))
}

fn this_set<'a>(a: &'a [Value], name: &str) -> PyResult<&'a Rc<PySet>> {
    match a.first() {
        Some(Value::Set(s) | Value::FrozenSet(s)) => Ok(s),
        _ => receiver_error("set", name, a),
    }
}

fn add(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [x, ..] = bind(&Sig::one("set", "add"), args(a), kw)?;
    let x = x.unwrap_or(&Value::None);
    let h = ops::hash(x)?;
    this_set(a, "add")?.table.borrow_mut().add(x.clone(), h);
    Ok(Value::None)
}

fn discard(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [x, ..] = bind(&Sig::one("set", "discard"), args(a), kw)?;
    let x = x.unwrap_or(&Value::None);
    let h = ops::hash(x)?;
    this_set(a, "discard")?.table.borrow_mut().discard(x, h);
    Ok(Value::None)
}

fn set_remove(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [x, ..] = bind(&Sig::one("set", "remove"), args(a), kw)?;
    let x = x.unwrap_or(&Value::None);
    let h = ops::hash(x)?;
    if !this_set(a, "remove")?.table.borrow_mut().discard(x, h) {
        return Err(PyException::new(Exc::KeyError, vec![x.clone()]));
    }
    Ok(Value::None)
}

fn set_pop(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("set", "pop"), args(a), kw)?;
    let s = this_set(a, "pop")?;
    let mut t = s.table.borrow_mut();
    let found = t.slots.iter().position(|x| matches!(x, Slot::Full(..)));
    match found {
        Some(i) => {
            let old = std::mem::replace(&mut t.slots[i], Slot::Dummy);
            t.used -= 1;
            match old {
                Slot::Full(_, k) => Ok(k),
                _ => Ok(Value::None),
            }
        }
        None => Err(err(Exc::KeyError, "pop from an empty set")),
    }
}

fn set_clear(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("set", "clear"), args(a), kw)?;
    let old = std::mem::take(&mut *this_set(a, "clear")?.table.borrow_mut());
    drop(old);
    Ok(Value::None)
}

fn same_kind(a: &Value, t: Table) -> Value {
    let s = Rc::new(PySet::from_table(t));
    if matches!(a, Value::FrozenSet(_)) { Value::FrozenSet(s) } else { Value::Set(s) }
}

fn set_copy(_: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    bind(&Sig::noargs("set", "copy"), args(a), kw)?;
    let t = this_set(a, "copy")?.table.borrow().clone();
    Ok(same_kind(&a[0], t))
}

/// Any iterable as a set (sets as themselves).
fn set_of(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Set(_) | Value::FrozenSet(_) => Ok(v.clone()),
        _ => {
            let s = PySet::new();
            vm.set_update(&s, v)?;
            Ok(Value::Set(Rc::new(s)))
        }
    }
}

/// union/intersection/difference/symmetric_difference over any number of iterables: the operator `op` (an
/// `_nb_ops` index) folded over them, the result of the receiver's kind.
fn set_fold(vm: &mut Vm, a: &[Value], kw: Kw, name: &'static str, op: u32) -> PyResult<Value> {
    if !kw.is_empty() {
        return type_error(format!("set.{name}() takes no keyword arguments"));
    }
    let s = this_set(a, name)?;
    let mut acc = same_kind(&a[0], s.table.borrow().clone());
    for other in args(a) {
        let o = set_of(vm, other)?;
        acc = ops::binary_op(op, &acc, &o)?;
    }
    Ok(acc)
}

fn union(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    set_fold(vm, a, kw, "union", 7)
}

fn intersection(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    set_fold(vm, a, kw, "intersection", 1)
}

fn difference(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    set_fold(vm, a, kw, "difference", 10)
}

fn symmetric_difference(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [o, ..] = bind(&Sig::one("set", "symmetric_difference"), args(a), kw)?;
    let s = this_set(a, "symmetric_difference")?;
    let acc = same_kind(&a[0], s.table.borrow().clone());
    let o = set_of(vm, o.unwrap_or(&Value::None))?;
    ops::binary_op(12, &acc, &o)
}

/// The `*_update` methods: the fold's result replaces the receiver's contents.
fn set_update_with(vm: &mut Vm, a: &[Value], kw: Kw, name: &'static str, op: u32) -> PyResult<Value> {
    let s = this_set(a, name)?.clone();
    let r = set_fold(vm, a, kw, name, op)?;
    if let Value::Set(r) | Value::FrozenSet(r) = r {
        let t = r.table.borrow().clone();
        *s.table.borrow_mut() = t;
    }
    Ok(Value::None)
}

fn set_update(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    if !kw.is_empty() {
        return type_error("set.update() takes no keyword arguments");
    }
    let s = this_set(a, "update")?.clone();
    for v in args(a) {
        vm.set_update(&s, v)?;
    }
    Ok(Value::None)
}

fn intersection_update(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    set_update_with(vm, a, kw, "intersection_update", 1)
}

/// The (hash, item) pairs of any iterable, in the order CPython's set code visits them (a set's table order).
fn set_entries(vm: &mut Vm, v: &Value) -> PyResult<Vec<(i64, Value)>> {
    match v {
        Value::Set(o) | Value::FrozenSet(o) => Ok(o.table.borrow().entries().map(|(h, k)| (h, k.clone())).collect()),
        _ => {
            let items = vm.collect(v)?;
            items.into_iter().map(|k| Ok((ops::hash(&k)?, k))).collect()
        }
    }
}

/// `difference_update` discards in place, as CPython does, so the surviving items keep their slots.
fn difference_update(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    if !kw.is_empty() {
        return type_error("set.difference_update() takes no keyword arguments");
    }
    let s = this_set(a, "difference_update")?.clone();
    for other in args(a) {
        for (h, k) in set_entries(vm, other)? {
            s.table.borrow_mut().discard(&k, h);
        }
    }
    Ok(Value::None)
}

/// `symmetric_difference_update` in place: each item of the other set is discarded if present, else added.
fn symmetric_difference_update(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [o, ..] = bind(&Sig::one("set", "symmetric_difference_update"), args(a), kw)?;
    let s = this_set(a, "symmetric_difference_update")?.clone();
    let o = set_of(vm, o.unwrap_or(&Value::None))?;
    for (h, k) in set_entries(vm, &o)? {
        let mut t = s.table.borrow_mut();
        if !t.discard(&k, h) {
            t.add(k, h);
        }
    }
    Ok(Value::None)
}

fn subset_test(vm: &mut Vm, a: &[Value], kw: Kw, name: &'static str, op: u32) -> PyResult<Value> {
    let [o, ..] = bind(&Sig::one("set", name), args(a), kw)?;
    this_set(a, name)?;
    let o = set_of(vm, o.unwrap_or(&Value::None))?;
    Ok(Value::Bool(ops::compare(&a[0], &o, op)?))
}

fn issubset(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    subset_test(vm, a, kw, "issubset", 1)
}

fn issuperset(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    subset_test(vm, a, kw, "issuperset", 5)
}

fn isdisjoint(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let [o, ..] = bind(&Sig::one("set", "isdisjoint"), args(a), kw)?;
    this_set(a, "isdisjoint")?;
    let o = set_of(vm, o.unwrap_or(&Value::None))?;
    let r = ops::binary_op(1, &a[0], &o)?;
    Ok(Value::Bool(ops::len(&r)? == 0))
}
