//! Exceptions as values: the built-in class hierarchy, exception objects and their traceback entries.

use std::cell::RefCell;
use std::rc::Rc;

use crate::code::CodeInfo;
use crate::dict::PyDict;
use crate::value::Value;

macro_rules! exceptions {
    ($($name:ident $text:literal $base:ident;)*) => {
        /// A built-in exception class; the discriminant indexes [`CLASSES`].
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        #[repr(u8)]
        #[allow(clippy::enum_variant_names)]
        pub enum Exc {
            $($name,)*
        }

        /// (name, base) of each built-in exception class, in CPython's builtins order.
        pub const CLASSES: &[(&str, Exc)] = &[$(($text, Exc::$base),)*];

        pub const ALL: &[Exc] = &[$(Exc::$name,)*];
    };
}

exceptions! {
    BaseException "BaseException" BaseException;
    Exception "Exception" BaseException;
    GeneratorExit "GeneratorExit" BaseException;
    KeyboardInterrupt "KeyboardInterrupt" BaseException;
    SystemExit "SystemExit" BaseException;
    ArithmeticError "ArithmeticError" Exception;
    AssertionError "AssertionError" Exception;
    AttributeError "AttributeError" Exception;
    EOFError "EOFError" Exception;
    ImportError "ImportError" Exception;
    LookupError "LookupError" Exception;
    MemoryError "MemoryError" Exception;
    NameError "NameError" Exception;
    OSError "OSError" Exception;
    RuntimeError "RuntimeError" Exception;
    StopIteration "StopIteration" Exception;
    SyntaxError "SyntaxError" Exception;
    SystemError "SystemError" Exception;
    TypeError "TypeError" Exception;
    ValueError "ValueError" Exception;
    OverflowError "OverflowError" ArithmeticError;
    ZeroDivisionError "ZeroDivisionError" ArithmeticError;
    IndexError "IndexError" LookupError;
    KeyError "KeyError" LookupError;
    ModuleNotFoundError "ModuleNotFoundError" ImportError;
    NotImplementedError "NotImplementedError" RuntimeError;
    RecursionError "RecursionError" RuntimeError;
    UnboundLocalError "UnboundLocalError" NameError;
    UnicodeError "UnicodeError" ValueError;
    UnicodeDecodeError "UnicodeDecodeError" UnicodeError;
    UnicodeEncodeError "UnicodeEncodeError" UnicodeError;
}

impl Exc {
    pub fn name(self) -> &'static str {
        CLASSES[self as usize].0
    }

    pub fn base(self) -> Option<Exc> {
        let b = CLASSES[self as usize].1;
        if b == self { None } else { Some(b) }
    }

    pub fn from_index(i: u8) -> Exc {
        ALL.get(i as usize).copied().unwrap_or(Exc::BaseException)
    }

    /// `issubclass(self, other)`.
    pub fn is_subclass(self, other: Exc) -> bool {
        let mut c = Some(self);
        while let Some(k) = c {
            if k == other {
                return true;
            }
            c = k.base();
        }
        false
    }
}

/// One traceback entry: a frame's code and the instruction (code unit index) that was executing.
#[derive(Clone)]
pub struct TbEntry {
    pub code: Rc<CodeInfo>,
    pub lasti: usize,
}

pub struct PyException {
    pub class: Exc,
    pub args: Rc<Vec<Value>>,
    pub traceback: RefCell<Vec<TbEntry>>,
    /// For NameError: the missing name and the globals to search for a suggestion.
    pub name_ctx: Option<(Rc<str>, Rc<PyDict>)>,
    /// For AttributeError: the name and object, for `Did you mean`.
    pub attr_ctx: Option<(Rc<str>, Value)>,
    /// The exception being handled when this one was raised (`__context__`), and `raise ... from` (`__cause__`).
    pub context: RefCell<Option<Rc<PyException>>>,
    pub cause: RefCell<Option<Value>>,
}

pub type PyResult<T> = Result<T, Rc<PyException>>;

impl PyException {
    pub fn new(class: Exc, args: Vec<Value>) -> Rc<PyException> {
        Rc::new(PyException {
            class,
            args: Rc::new(args),
            traceback: RefCell::new(Vec::new()),
            name_ctx: None,
            attr_ctx: None,
            context: RefCell::new(None),
            cause: RefCell::new(None),
        })
    }
}

pub fn err(class: Exc, msg: impl Into<String>) -> Rc<PyException> {
    PyException::new(class, vec![Value::string(msg.into())])
}

pub fn type_error<T>(msg: impl Into<String>) -> PyResult<T> {
    Err(err(Exc::TypeError, msg))
}

pub fn value_error<T>(msg: impl Into<String>) -> PyResult<T> {
    Err(err(Exc::ValueError, msg))
}

pub fn name_error(name: &str, globals: Rc<PyDict>) -> Rc<PyException> {
    Rc::new(PyException {
        class: Exc::NameError,
        args: Rc::new(vec![Value::string(format!("name '{name}' is not defined"))]),
        traceback: RefCell::new(Vec::new()),
        name_ctx: Some((name.into(), globals)),
        attr_ctx: None,
        context: RefCell::new(None),
        cause: RefCell::new(None),
    })
}

pub fn attr_error(obj: &Value, name: &str) -> Rc<PyException> {
    let msg = match obj {
        Value::Module(m) => format!("module '{}' has no attribute '{name}'", m.name),
        Value::Type(t) => format!("type object '{}' has no attribute '{name}'", t.name),
        _ => format!("'{}' object has no attribute '{name}'", crate::ops::type_name(obj)),
    };
    Rc::new(PyException {
        class: Exc::AttributeError,
        args: Rc::new(vec![Value::string(msg)]),
        traceback: RefCell::new(Vec::new()),
        name_ctx: None,
        attr_ctx: Some((name.into(), obj.clone())),
        context: RefCell::new(None),
        cause: RefCell::new(None),
    })
}

/// CPython's suggestion distance (`Python/suggestions.c`).
fn levenshtein(a: &[u8], b: &[u8], max_cost: usize) -> usize {
    const MOVE_COST: usize = 2;
    const CASE_COST: usize = 1;
    fn subst(a: u8, b: u8) -> usize {
        if a & 31 != b & 31 {
            return MOVE_COST;
        }
        if a == b {
            return 0;
        }
        if a.eq_ignore_ascii_case(&b) { CASE_COST } else { MOVE_COST }
    }
    let (mut a, mut b) = (a, b);
    while !a.is_empty() && !b.is_empty() && a[0] == b[0] {
        a = &a[1..];
        b = &b[1..];
    }
    while !a.is_empty() && !b.is_empty() && a[a.len() - 1] == b[b.len() - 1] {
        a = &a[..a.len() - 1];
        b = &b[..b.len() - 1];
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > 40 || b.len() > 40 {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    let mut buffer: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (bi, &code) in b.iter().enumerate() {
        let mut distance = bi * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (i, &ac) in a.iter().enumerate() {
            let substitute = distance + subst(code, ac);
            distance = buffer[i];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            buffer[i] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// `calculate_suggestions`: the closest candidate within a third of the characters.
pub fn suggest<'a>(candidates: impl Iterator<Item = &'a str>, name: &str) -> Option<String> {
    let cands: Vec<&str> = candidates.collect();
    if cands.len() >= 750 {
        return None;
    }
    let mut best: Option<&str> = None;
    let mut best_dist = usize::MAX;
    for item in cands {
        if item == name {
            continue;
        }
        let max = ((name.len() + item.len() + 3) * 2 / 6).min(best_dist.saturating_sub(1));
        let d = levenshtein(name.as_bytes(), item.as_bytes(), max);
        if d > max {
            continue;
        }
        if best.is_none() || d < best_dist {
            best = Some(item);
            best_dist = d;
        }
    }
    best.map(str::to_string)
}

/// The names of the `builtins` module, in CPython's order (what NameError suggestions search last).
pub const BUILTIN_NAMES: &[&str] = &[
    "__name__",
    "__doc__",
    "__package__",
    "__loader__",
    "__spec__",
    "__build_class__",
    "__import__",
    "abs",
    "all",
    "any",
    "ascii",
    "bin",
    "breakpoint",
    "callable",
    "chr",
    "compile",
    "delattr",
    "dir",
    "divmod",
    "eval",
    "exec",
    "format",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "hex",
    "id",
    "input",
    "isinstance",
    "issubclass",
    "iter",
    "aiter",
    "len",
    "locals",
    "max",
    "min",
    "next",
    "anext",
    "oct",
    "ord",
    "pow",
    "print",
    "repr",
    "round",
    "setattr",
    "sorted",
    "sum",
    "vars",
    "None",
    "Ellipsis",
    "NotImplemented",
    "False",
    "True",
    "bool",
    "memoryview",
    "bytearray",
    "bytes",
    "classmethod",
    "complex",
    "dict",
    "enumerate",
    "filter",
    "float",
    "frozenset",
    "property",
    "int",
    "list",
    "map",
    "object",
    "range",
    "reversed",
    "set",
    "slice",
    "staticmethod",
    "str",
    "super",
    "tuple",
    "type",
    "zip",
    "__debug__",
    "BaseException",
    "BaseExceptionGroup",
    "Exception",
    "GeneratorExit",
    "KeyboardInterrupt",
    "SystemExit",
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BufferError",
    "EOFError",
    "ImportError",
    "LookupError",
    "MemoryError",
    "NameError",
    "OSError",
    "ReferenceError",
    "RuntimeError",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SystemError",
    "TypeError",
    "ValueError",
    "Warning",
    "FloatingPointError",
    "OverflowError",
    "ZeroDivisionError",
    "BytesWarning",
    "DeprecationWarning",
    "EncodingWarning",
    "FutureWarning",
    "ImportWarning",
    "PendingDeprecationWarning",
    "ResourceWarning",
    "RuntimeWarning",
    "SyntaxWarning",
    "UnicodeWarning",
    "UserWarning",
    "BlockingIOError",
    "ChildProcessError",
    "ConnectionError",
    "FileExistsError",
    "FileNotFoundError",
    "InterruptedError",
    "IsADirectoryError",
    "NotADirectoryError",
    "PermissionError",
    "ProcessLookupError",
    "TimeoutError",
    "IndentationError",
    "IndexError",
    "KeyError",
    "ModuleNotFoundError",
    "NotImplementedError",
    "RecursionError",
    "UnboundLocalError",
    "UnicodeError",
    "BrokenPipeError",
    "ConnectionAbortedError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "TabError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeTranslateError",
    "ExceptionGroup",
    "EnvironmentError",
    "IOError",
    "open",
    "quit",
    "exit",
    "copyright",
    "credits",
    "license",
    "help",
];
