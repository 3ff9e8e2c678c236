//! Our side of each stage, run in-process through the crates' library APIs.
//!
//! Each adapter turns a source file into the [`Output`] its CLI would print (`pyfront tokenize -e`, `pyfront ast -a`,
//! `pydis`, marshal hex, `pyvm`). A stage whose crate does not expose what the adapter needs yet is
//! [`Adapter::Pending`], with the reason: the harness then reports it as pending, never as passed.

use std::sync::mpsc;
use std::time::Duration;

use super::{Output, Stage};

/// How a stage's output is produced on our side.
#[derive(Clone, Copy)]
pub enum Adapter {
    /// The crate does not expose the API yet; the reason names what is missing.
    Pending(&'static str),
    /// Produces the output for (source bytes, file name).
    Ready(fn(&[u8], &str) -> Output),
}

/// Our adapter for `stage`.
pub fn adapter(stage: Stage) -> Adapter {
    match stage {
        Stage::Tokenize => Adapter::Ready(tokenize),
        Stage::Ast => Adapter::Pending("pyfront exposes no parser / AST dumper yet"),
        Stage::Dis => Adapter::Pending("pydis exposes no disassembler of a source file yet"),
        Stage::Marshal => Adapter::Pending("pyopt/pyir expose no compile_source + marshal dumps yet"),
        Stage::Run => Adapter::Pending("pyvm exposes no run function capturing stdout/stderr/exit code yet"),
    }
}

/// `pyfront tokenize -e NAME`.
fn tokenize(source: &[u8], name: &str) -> Output {
    match pyfront::tokenize::tokenize_file(source, name, true) {
        Ok(stdout) => Output { stdout, stderr: String::new(), exit_code: 0 },
        Err(stderr) => Output { stdout: String::new(), stderr, exit_code: 1 },
    }
}

/// Turns (source, file name) into `.pyc` bytes, or the error message our compiler gave.
pub type PycWriter = fn(&[u8], &str) -> Result<Vec<u8>, String>;

/// Our `.pyc` writer, for the CPython load check of `cargo xtask golden`, or why it is not available.
pub fn pyc_writer() -> Result<PycWriter, &'static str> {
    Err("pyir exposes no .pyc writer yet")
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
