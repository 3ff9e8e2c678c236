//! The built-in `dis` module (backed by `pydis`) and a minimal `sys`.

use std::rc::Rc;

use crate::builtins::BuiltinFn;
use crate::dict::PyDict;
use crate::exception::{Exc, PyResult, err, type_error};
use crate::value::{Module, Value};
use crate::vm::Vm;

fn code_of(v: &Value) -> PyResult<Rc<crate::code::CodeInfo>> {
    match v {
        Value::Function(f) => Ok(f.code.clone()),
        Value::Code(c) => Ok(c.clone()),
        _ => type_error(format!("don't know how to disassemble {} objects", crate::ops::type_name(v))),
    }
}

fn dis_text(co: &pyir::code::CodeObject) -> PyResult<String> {
    crate::disasm::dis(co).map_err(|m| err(Exc::SystemError, m))
}

static DIS: BuiltinFn = BuiltinFn {
    name: "dis",
    owner: None,
    f: |vm: &mut Vm, a: &[Value], _kw| {
        let Some(v) = a.first() else { return type_error("dis() missing 1 required positional argument: 'x'") };
        let c = code_of(v)?;
        let text = dis_text(&c.co)?;
        vm.write(&text);
        Ok(Value::None)
    },
};

static CODE_INFO: BuiltinFn = BuiltinFn {
    name: "code_info",
    owner: None,
    f: |_, a: &[Value], _kw| {
        let Some(v) = a.first() else { return type_error("code_info() missing 1 required positional argument: 'x'") };
        let c = code_of(v)?;
        crate::disasm::code_info(&c.co).map(Value::string).map_err(|m| err(Exc::SystemError, m))
    },
};

static SHOW_CODE: BuiltinFn = BuiltinFn {
    name: "show_code",
    owner: None,
    f: |vm: &mut Vm, a: &[Value], _kw| {
        let Some(v) = a.first() else { return type_error("show_code() missing 1 required positional argument: 'co'") };
        let c = code_of(v)?;
        let text = crate::disasm::code_info(&c.co).map_err(|m| err(Exc::SystemError, m))?;
        vm.write(&text);
        vm.write("\n");
        Ok(Value::None)
    },
};

pub fn module(vm: &mut Vm) -> Value {
    if let Some(m) = &vm.dis_module {
        return m.clone();
    }
    let d = PyDict::new();
    d.set_str("__name__", Value::str("dis"));
    d.set_str("dis", Value::Builtin(&DIS));
    d.set_str("code_info", Value::Builtin(&CODE_INFO));
    d.set_str("show_code", Value::Builtin(&SHOW_CODE));
    let m = Value::Module(Rc::new(Module { name: "dis".into(), dict: Rc::new(d) }));
    vm.dis_module = Some(m.clone());
    m
}

static GETRECURSIONLIMIT: BuiltinFn = BuiltinFn {
    name: "getrecursionlimit",
    owner: None,
    f: |vm: &mut Vm, _a: &[Value], _kw| Ok(Value::Int(vm.recursion_limit as i64)),
};

static SETRECURSIONLIMIT: BuiltinFn = BuiltinFn {
    name: "setrecursionlimit",
    owner: None,
    f: |vm: &mut Vm, a: &[Value], _kw| match a.first() {
        Some(Value::Int(n)) if *n >= 1 => {
            vm.recursion_limit = (*n as usize).min(100_000);
            Ok(Value::None)
        }
        _ => Err(err(Exc::ValueError, "recursion limit must be greater or equal than 1")),
    },
};

pub fn sys_module() -> Value {
    let d = PyDict::new();
    d.set_str("__name__", Value::str("sys"));
    let stream = |n: &str| Value::Module(Rc::new(Module { name: n.into(), dict: Rc::new(PyDict::new()) }));
    d.set_str("stdout", stream("sys.stdout"));
    d.set_str("stderr", stream("sys.stderr"));
    d.set_str("maxsize", Value::Int(i64::MAX));
    d.set_str("getrecursionlimit", Value::Builtin(&GETRECURSIONLIMIT));
    d.set_str("setrecursionlimit", Value::Builtin(&SETRECURSIONLIMIT));
    Value::Module(Rc::new(Module { name: "sys".into(), dict: Rc::new(d) }))
}
