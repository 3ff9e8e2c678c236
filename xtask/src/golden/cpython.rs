//! The oracle: runs CPython 3.11 (`python3`) to produce a golden's expected output. Used only by `--bless`
//! and the `.pyc` load check, never by `cargo test`.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use super::{Output, Stage, normalize};

/// The interpreter every golden comes from.
pub const PYTHON: &str = "python3";

/// Prints a code object's `marshal.dumps` as hex, 32 bytes per line, compiled as `py_compile` would.
///
/// The code object is bound to a name before dumping: marshal flags an object for back-references when its refcount
/// is above 1, so this gives the bytes `py_compile` writes after the `.pyc` header (the top-level code is ref 0),
/// whereas dumping the temporary `compile()` result would not flag it and shift every reference index.
const MARSHAL_SCRIPT: &str = "\
import marshal, sys
name = sys.argv[1]
with open(name, 'rb') as f:
    source = f.read()
code = compile(source, name, 'exec', dont_inherit=True)
data = marshal.dumps(code)
for i in range(0, len(data), 32):
    print(data[i:i + 32].hex())
";

/// Checks that `python3` is CPython 3.11 and returns its version line, or says clearly why it cannot be used.
pub fn check_version() -> Result<String> {
    let output = Command::new(PYTHON)
        .arg("--version")
        .output()
        .with_context(|| format!("cannot run `{PYTHON}`; the oracle is CPython 3.11, install it first"))?;
    let text = String::from_utf8_lossy(&output.stdout).trim().to_string();
    if !output.status.success() || !text.starts_with("Python 3.11.") {
        bail!(
            "`{PYTHON} --version` says {:?}, but the oracle must be CPython 3.11.x \
             (put a python3.11 first on PATH as `python3`)",
            if text.is_empty() { String::from_utf8_lossy(&output.stderr).trim().to_string() } else { text }
        );
    }
    Ok(text)
}

/// Runs CPython's counterpart of `stage` on `name`, a file in `dir`, and returns its normalised output.
///
/// CPython runs inside `dir` with the bare file name, so names it prints (`dis` headers, tracebacks, tokenize
/// errors) are that name; `PYTHONHASHSEED=0` keeps set and frozenset orders reproducible.
pub fn run(stage: Stage, dir: &Path, name: &str) -> Result<Output> {
    let mut command = Command::new(PYTHON);
    match stage {
        Stage::Tokenize => command.args(["-m", "tokenize", "-e", name]),
        Stage::Ast => command.args(["-m", "ast", "-a", name]),
        Stage::Dis => command.args(["-m", "dis", name]),
        Stage::Marshal => command.args(["-c", MARSHAL_SCRIPT, name]),
        Stage::Run => command.arg(name),
    };
    run_command(&mut command, stage, dir, name)
}

/// Runs `python3 PYC` inside `dir` (where the `.py` named in the code object lives, so tracebacks can quote it).
pub fn run_pyc(dir: &Path, pyc: &Path, name: &str) -> Result<Output> {
    let mut command = Command::new(PYTHON);
    command.arg(pyc);
    run_command(&mut command, Stage::Run, dir, name)
}

fn run_command(command: &mut Command, stage: Stage, dir: &Path, name: &str) -> Result<Output> {
    command
        .current_dir(dir)
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env_remove("PYTHONSTARTUP")
        .env_remove("PYTHONPATH")
        .env_remove("PYTHONWARNINGS")
        .env_remove("PYTHONOPTIMIZE");
    let output = command.output().with_context(|| format!("running {PYTHON} on {}", dir.join(name).display()))?;
    let Some(exit_code) = output.status.code() else {
        bail!("{PYTHON} was killed by a signal on {}", dir.join(name).display());
    };
    let stdout = String::from_utf8(output.stdout).context("python3 wrote non-UTF-8 to stdout")?;
    let stderr = String::from_utf8(output.stderr).context("python3 wrote non-UTF-8 to stderr")?;
    let dir_prefix = format!("{}/", std::path::absolute(dir)?.display());
    let unplace = |text: &str| text.replace(&dir_prefix, "");
    let stderr = unplace(&stderr);
    let stderr = if stage == Stage::Run { stderr } else { strip_tool_frames(&stderr, name) };
    Ok(normalize(Output { stdout: unplace(&stdout), stderr, exit_code }))
}

/// Drops the frames of CPython's own tool (`Lib/ast.py`, `Lib/dis.py`, runpy) from a tool's traceback, keeping
/// what concerns the input file: from its first `File "NAME"` line on (a SyntaxError report), else everything.
pub fn strip_tool_frames(stderr: &str, name: &str) -> String {
    if !stderr.starts_with("Traceback (most recent call last):") {
        return stderr.to_string();
    }
    let marker = format!("  File \"{name}\"");
    match stderr.find(&marker) {
        Some(at) => stderr[at..].to_string(),
        None => stderr.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::strip_tool_frames;

    #[test]
    fn tool_frames_are_dropped() {
        let stderr = "Traceback (most recent call last):\n  File \"<frozen runpy>\", line 198, in _run_module_as_main\n  \
                      File \"/x/ast.py\", line 50, in parse\n  File \"bad.py\", line 2\n    y = \"abc\n        ^\n\
                      SyntaxError: unterminated string literal (detected at line 2)\n";
        assert_eq!(
            strip_tool_frames(stderr, "bad.py"),
            "  File \"bad.py\", line 2\n    y = \"abc\n        ^\nSyntaxError: unterminated string literal (detected at line 2)\n"
        );
        assert_eq!(strip_tool_frames("bad.py:3:0: error: EOF\n", "bad.py"), "bad.py:3:0: error: EOF\n");
    }
}
