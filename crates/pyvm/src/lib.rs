//! pyvm: an interpreter for CPython 3.11 code objects with CPython's observable behaviour.
//!
//! In: a [`pyir::code::CodeObject`] (from the compiler or from marshal data). Out: the program's stdout, stderr
//! (3.11-format tracebacks) and exit status, via [`run_code`].
//!
//! Layout: `value.rs` (the 16-byte `Value`), `hash.rs`, `dict.rs`, `set.rs` (CPython's hashing, dict and set
//! tables), `ops.rs` (operators, repr, comparisons), `format.rs` (float repr, format specs), `code.rs` (pre-decoded
//! code objects), `vm.rs` (frames, calls, iteration), `eval.rs` (the dispatch loop), `builtins.rs`, `methods.rs`,
//! `attr.rs`, `exception.rs`, `traceback.rs` + `anchors.rs` (uncaught exception printing), `dismod.rs` +
//! `disasm.rs` (the `dis` and `sys` modules), `error.rs`.

mod anchors;
mod attr;
mod builtins;
pub mod code;
mod dict;
mod disasm;
mod dismod;
pub mod error;
mod eval;
mod exception;
mod format;
mod hash;
mod methods;
mod ops;
mod set;
mod traceback;
mod unicode;
mod unicode_tables;
mod value;
mod vm;

use std::rc::Rc;

use pyir::code::CodeObject;

pub use error::VmError;

/// What running a program produced.
pub struct RunResult {
    /// Captured stdout (empty when output went to the real stdout).
    pub stdout: Vec<u8>,
    /// Captured stderr (tracebacks and `print(file=sys.stderr)`), when capturing.
    pub stderr: Vec<u8>,
    /// The process exit status `python3` would have: 0, or 1 after an uncaught exception.
    pub exit_code: i32,
}

/// Options for [`run_code`].
#[derive(Clone, Debug, Default)]
pub struct RunConfig {
    /// Collect stdout/stderr in the result instead of writing to the process's streams.
    pub capture: bool,
    /// Where relative `co_filename`s are found when a traceback shows source lines (default: the current directory).
    pub source_dir: Option<std::path::PathBuf>,
    /// `sys.stdout` encodes with `surrogateescape` rather than `strict` (see [`stdout_surrogateescape_from_env`]):
    /// `'\udc80'` to `'\udcff'` are written as the bytes 0x80 to 0xff; other lone surrogates fail either way.
    pub stdout_surrogateescape: bool,
}

/// Whether CPython 3.11 would give `sys.stdout` the `surrogateescape` error handler in this environment:
/// `PYTHONIOENCODING` without an `:errors` part means `strict`; otherwise UTF-8 mode (`PYTHONUTF8=1`) and the C,
/// POSIX and C.UTF-8 locales (the C locale and its coercion targets, as `LC_ALL`, `LC_CTYPE` or `LANG` name them)
/// mean `surrogateescape`.
pub fn stdout_surrogateescape_from_env() -> bool {
    let var = |n: &str| std::env::var(n).ok().filter(|v| !v.is_empty());
    if let Some(io) = var("PYTHONIOENCODING") {
        return io.split_once(':').is_some_and(|(_, errors)| errors == "surrogateescape");
    }
    if var("PYTHONUTF8").as_deref() == Some("1") {
        return true;
    }
    let locale = var("LC_ALL").or_else(|| var("LC_CTYPE")).or_else(|| var("LANG"));
    matches!(locale.as_deref(), None | Some("C" | "POSIX" | "C.UTF-8" | "C.utf8" | "UTF-8"))
}

/// Runs `f` on a thread with a large stack and returns its result. Python-to-Python calls do not recurse on the
/// Rust stack, but builtins that call back into Python (`sorted(key=...)`, `map`) do; the large stack keeps deep
/// recursion a RecursionError rather than a Rust stack overflow.
pub fn with_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, VmError> {
    let handle = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .map_err(|e| VmError::Unsupported(format!("cannot start the VM thread: {e}")))?;
    handle.join().map_err(|_| VmError::Unsupported("the VM thread panicked".into()))
}

/// Runs a module code object as `__main__`, as `python3 FILE` would, on the current thread (see
/// [`with_big_stack`]).
pub fn run_code(code: CodeObject, config: &RunConfig) -> Result<RunResult, VmError> {
    run_on_this_thread(code, config)
}

/// Compiles `source` under `filename` (as given, not made absolute) and runs it with output captured: the entry
/// point for the golden tests and `cargo xtask golden`.
pub fn run_source(source: &[u8], filename: &str, config: &RunConfig) -> RunResult {
    let config = RunConfig { capture: true, ..config.clone() };
    match pyopt::compile_source(source, filename, &pyopt::OptConfig::cpython()) {
        Ok(code) => run_code(code, &config).unwrap_or_else(|e| RunResult {
            stdout: Vec::new(),
            stderr: format!("pyvm: {e}\n").into_bytes(),
            exit_code: 2,
        }),
        Err(e) => {
            RunResult { stdout: Vec::new(), stderr: syntax_error_text(&e, source, filename).into_bytes(), exit_code: 1 }
        }
    }
}

fn run_on_this_thread(code: CodeObject, config: &RunConfig) -> Result<RunResult, VmError> {
    let capture = config.capture;
    let filename = code.filename.to_string();
    let info = code::CodeInfo::new(Rc::new(code))?;
    let mut vm = vm::Vm::new(capture);
    vm.stdout_surrogateescape = config.stdout_surrogateescape;
    let globals = vm.main_globals(&filename);
    let result = vm.run_module(info, globals);
    let exit_code = match result {
        Ok(_) => 0,
        Err(exc) => {
            let mut cache = traceback::SourceCache::new(config.source_dir.clone());
            let text = traceback::format_exception(&exc, &mut cache);
            vm.write_err(&text);
            1
        }
    };
    vm.flush();
    Ok(RunResult { stdout: vm.captured().to_vec(), stderr: std::mem::take(&mut vm.err_out), exit_code })
}

/// Loads marshal data of a module code object (`marshal.dumps(compile(...))`).
pub fn load_marshal(data: &[u8]) -> Result<CodeObject, VmError> {
    pyir::marshal::loads_code(data).map(|c| (*c).clone()).map_err(|e| VmError::BadBytecode(format!("marshal: {e}")))
}

/// Compiles a source file with the workspace's compiler (`pyopt::compile_source`, CPython's passes), with the
/// path made absolute as `python3 FILE` does. A SyntaxError comes back as the text CPython prints for it.
pub fn compile_file(source: &[u8], path: &str) -> Result<CodeObject, CompileFailure> {
    let filename = std::path::absolute(path).map(|p| p.display().to_string()).unwrap_or_else(|_| path.to_string());
    pyopt::compile_source(source, &filename, &pyopt::OptConfig::cpython())
        .map_err(|e| CompileFailure { stderr: syntax_error_text(&e, source, &filename) })
}

/// A program that does not compile: what `python3` prints on stderr (exit status 1).
#[derive(Debug)]
pub struct CompileFailure {
    pub stderr: String,
}

fn syntax_error_text(e: &pyopt::Error, source: &[u8], filename: &str) -> String {
    match e {
        pyopt::Error::Syntax(se) => {
            let src = String::from_utf8_lossy(source);
            let line = src.lines().nth((se.lineno as usize).saturating_sub(1)).unwrap_or("");
            let kind = se.kind.name();
            let mut out = format!("  File \"{filename}\", line {}\n", se.lineno);
            let stripped = line.trim_start_matches([' ', '\t', '\x0c']);
            let indent = line.chars().count() - stripped.chars().count();
            if !stripped.trim().is_empty() {
                out.push_str(&format!("    {}\n", stripped.trim_end()));
                let start = (se.offset.max(1) as usize - 1).saturating_sub(indent);
                let end = if se.end_lineno == se.lineno && se.end_offset > se.offset {
                    (se.end_offset as usize - 1).saturating_sub(indent)
                } else {
                    start + 1
                };
                out.push_str(&format!("    {}{}\n", " ".repeat(start), "^".repeat(end.saturating_sub(start).max(1))));
            }
            out.push_str(&format!("{kind}: {}\n", se.msg));
            out
        }
        pyopt::Error::Compile(c) => format!("{c}\n"),
    }
}
