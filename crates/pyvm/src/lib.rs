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
mod marshal;
mod methods;
mod ops;
mod set;
mod traceback;
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
    run_on_this_thread(code, config.capture)
}

fn run_on_this_thread(code: CodeObject, capture: bool) -> Result<RunResult, VmError> {
    let filename = code.filename.to_string();
    let info = code::CodeInfo::new(Rc::new(code))?;
    let mut vm = vm::Vm::new(capture);
    let globals = vm.main_globals(&filename);
    let result = vm.run_module(info, globals);
    let exit_code = match result {
        Ok(_) => 0,
        Err(exc) => {
            let mut cache = traceback::SourceCache::default();
            let text = traceback::format_exception(&exc, &mut cache);
            vm.write_err(&text);
            1
        }
    };
    vm.flush();
    Ok(RunResult { stdout: vm.captured().to_vec(), stderr: std::mem::take(&mut vm.err_out), exit_code })
}

/// Loads marshal data of a module code object.
pub fn load_marshal(data: &[u8]) -> Result<CodeObject, VmError> {
    marshal::loads_code(data)
}

/// Compiles a source file with the workspace's compiler.
///
/// FIXME: the parser has not landed yet, so this reports that; run `--marshal` data meanwhile.
pub fn compile_file(_source: &[u8], filename: &str) -> Result<CodeObject, VmError> {
    Err(VmError::Unsupported(format!("cannot compile '{filename}': the compiler front end is not available yet")))
}
