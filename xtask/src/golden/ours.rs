//! Our side of each stage, run in-process through the crates' library APIs.
//!
//! Each adapter turns a source file into the [`Output`] its CLI would print (`pyfront tokenize -e`, `pyfront ast -a`,
//! `pydis`, marshal hex, `pyvm`). A stage whose crate does not expose what the adapter needs yet is
//! [`Adapter::Pending`], with the reason: the harness then reports it as pending, never as passed.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use super::{Output, Stage};

/// How a stage's output is produced on our side.
#[derive(Clone, Copy)]
pub enum Adapter {
    /// The crate does not expose the API yet; the reason names what is missing.
    Pending(&'static str),
    /// Produces the output for one golden.
    Ready(fn(&Input<'_>) -> Output),
}

/// What an adapter is given: the golden's source, the name both sides use for it, and its directory (where a
/// traceback finds the source lines to quote).
pub struct Input<'a> {
    pub source: &'a [u8],
    pub name: &'a str,
    pub dir: &'a Path,
}

/// Our adapter for `stage`.
pub fn adapter(stage: Stage) -> Adapter {
    match stage {
        Stage::Tokenize => Adapter::Ready(tokenize),
        Stage::Ast => Adapter::Ready(ast),
        Stage::Dis => Adapter::Ready(dis),
        Stage::Marshal => Adapter::Ready(marshal),
        Stage::Run => Adapter::Ready(run),
    }
}

/// `pyfront tokenize -e NAME`.
fn tokenize(input: &Input<'_>) -> Output {
    let Input { source, name, .. } = *input;
    match pyfront::tokenize::tokenize_file(source, name, true) {
        Ok(stdout) => Output { stdout, stderr: String::new(), exit_code: 0 },
        Err(stderr) => Output { stdout: String::new(), stderr, exit_code: 1 },
    }
}

/// `pyfront ast -a NAME`: the file's bytes parsed as `python3 -m ast` parses them (type comments on) and dumped as
/// `ast.dump(tree, indent=3, include_attributes=True)`.
fn ast(input: &Input<'_>) -> Output {
    let Input { source, name, .. } = *input;
    let failed = |stderr: String| Output { stdout: String::new(), stderr, exit_code: 1 };
    let arena = bumpalo::Bump::new();
    let opts = pyfront::ParseOptions { mode: pyfront::Mode::Module, type_comments: true };
    let tree = match pyfront::parse_file_with(source, &arena, &opts) {
        Ok(tree) => tree,
        Err(err) => return failed(syntax_error_report(name, &err)),
    };
    let opts = pyfront::dump::DumpOptions { include_attributes: true, indent: 3 };
    match pyfront::dump::dump(&tree, opts) {
        Ok(text) => Output { stdout: text + "\n", stderr: String::new(), exit_code: 0 },
        Err(err) => failed(format!("  File \"{name}\"\n{err}\n")),
    }
}

/// FIXME: the CLI's full SyntaxError report (source line and carets) lives in `pyfront`'s binary; until the library
/// exposes it, a failing parse shows only the header and the message, so such a golden fails visibly.
fn syntax_error_report(name: &str, err: &pyfront::error::SyntaxError) -> String {
    format!("  File \"{name}\", line {}\n{}: {}\n", err.lineno, err.kind.name(), err.msg)
}

/// `pydis NAME` (`python3 -m dis`). CPython's own frames above a compile error are dropped on both sides.
fn dis(input: &Input<'_>) -> Output {
    let out = pydis::cli::dis_source(input.source, input.name);
    let stderr = super::cpython::strip_tool_frames(&out.stderr, input.name);
    Output { stdout: out.stdout, stderr, exit_code: out.exit_code }
}

/// Our compiler as `py_compile` drives it: the module's code object for `compile(source, name, 'exec')`.
fn compile(source: &[u8], name: &str) -> Result<pyir::code::CodeObject, String> {
    pyopt::compile_source(source, name, &pyopt::OptConfig::cpython()).map_err(|err| format!("{err}\n"))
}

/// `marshal.dumps(compile(source, name, 'exec'))` as hex, 32 bytes per line (the marshal golden's format).
fn marshal(input: &Input<'_>) -> Output {
    let Input { source, name, .. } = *input;
    let bytes = compile(source, name).and_then(|code| pyir::marshal::dumps(&code).map_err(|err| format!("{err}\n")));
    match bytes {
        Ok(bytes) => {
            let mut stdout = String::with_capacity(bytes.len() * 2 + bytes.len() / 16);
            for chunk in bytes.chunks(32) {
                for b in chunk {
                    let _ = write!(stdout, "{b:02x}");
                }
                stdout.push('\n');
            }
            Output { stdout, stderr: String::new(), exit_code: 0 }
        }
        Err(stderr) => Output { stdout: String::new(), stderr, exit_code: 1 },
    }
}

/// Our `.pyc` of a source: header with an unchecked source hash (so CPython runs it as is), then the marshal data.
fn write_pyc(input: &Input<'_>) -> Result<Vec<u8>, String> {
    let Input { source, name, .. } = *input;
    let code = compile(source, name)?;
    pyir::pyc::write(&code, pyir::pyc::Invalidation::hash_of(source, false)).map_err(|err| err.to_string())
}

/// `pyvm NAME` run inside the golden's directory: the program compiled by our compiler and run with its output
/// captured.
fn run(input: &Input<'_>) -> Output {
    let config =
        pyvm::RunConfig { capture: true, source_dir: Some(input.dir.to_path_buf()), stdout_surrogateescape: false };
    let result = pyvm::run_source(input.source, input.name, &config);
    Output {
        stdout: String::from_utf8_lossy(&result.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&result.stderr).into_owned(),
        exit_code: result.exit_code,
    }
}

/// Turns (source, file name) into `.pyc` bytes, or the error message our compiler gave.
pub type PycWriter = fn(&Input<'_>) -> Result<Vec<u8>, String>;

/// Our `.pyc` writer, for the CPython load check of `cargo xtask golden`, or why it is not available.
pub fn pyc_writer() -> Result<PycWriter, &'static str> {
    Ok(write_pyc)
}

/// Per-file limit for our side: an interpreter bug must not hang the harness.
const TIMEOUT: Duration = Duration::from_secs(60);
/// Stack for our side's thread: deep expressions and recursive programs recurse in the parser and the VM.
const STACK_SIZE: usize = 256 << 20;
/// The name of the threads running our side, so the panic hook can keep them quiet.
const THREAD_NAME: &str = "golden-ours";

/// Runs `produce` on a fresh thread with a large stack, turning a panic or a timeout into an error message.
pub fn run_guarded<T: Send + 'static>(produce: impl FnOnce() -> T + Send + 'static) -> Result<T, String> {
    quiet_panics();
    let (send, receive) = mpsc::channel();
    let spawned = std::thread::Builder::new().name(THREAD_NAME.into()).stack_size(STACK_SIZE).spawn(move || {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(produce)).map_err(|payload| {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "non-string panic payload".into());
            let place = PANIC_PLACE.with(|p| p.borrow_mut().take()).unwrap_or_default();
            format!("our implementation panicked at {place}: {msg}")
        });
        let _ = send.send(result);
    });
    if let Err(err) = spawned {
        return Err(format!("could not start a thread: {err}"));
    }
    match receive.recv_timeout(TIMEOUT) {
        Ok(result) => result,
        // The thread is left running: there is no safe way to stop it, and the process ends soon.
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!("our implementation took over {}s", TIMEOUT.as_secs())),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("our implementation's thread vanished".into()),
    }
}

thread_local! {
    /// Where the last panic of this thread happened, recorded by the quiet hook for the failure message.
    static PANIC_PLACE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Installs (once) a panic hook that stays silent for the harness's own threads: their panics are reported as
/// failures with the message and place, and the default hook's output would bury the summary.
fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some(THREAD_NAME) {
                let place = info.location().map(|l| l.to_string()).unwrap_or_default();
                PANIC_PLACE.with(|p| *p.borrow_mut() = Some(place));
            } else {
                default(info);
            }
        }));
    });
}
