//! What `python3 -m dis FILE` prints for a source file: the disassembly on stdout, or CPython's traceback for a
//! source that does not compile, with its exit status. The `pydis` binary and `cargo xtask golden` call it.

use crate::{Options, dis_cli};

/// The three observable results of running the CLI.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CliOutput {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

/// The frames CPython prints above a compile error raised inside `python3 -m dis` (its `Lib/dis.py` on this
/// machine's CPython 3.11.7 install).
const TRACEBACK_HEAD: &str = "Traceback (most recent call last):
  File \"<frozen runpy>\", line 198, in _run_module_as_main
  File \"<frozen runpy>\", line 88, in _run_code
  File \"/root/.pyenv/versions/3.11.7/lib/python3.11/dis.py\", line 774, in <module>
    main()
  File \"/root/.pyenv/versions/3.11.7/lib/python3.11/dis.py\", line 770, in main
    code = compile(source, args.infile.name, \"exec\")
           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
";

/// The stack the compiler runs on: its recursive walks (folding, symbol table, codegen) stop at CPython's limits
/// (3000 nested nodes), which a debug build's frames cannot reach on a test thread's 2 MiB, nor some release builds'
/// on a main thread's 8 MiB. Only the pages used are committed.
const COMPILER_STACK: usize = 256 << 20;

/// Compiles `source` (the file's bytes) as `name` in exec mode and disassembles it recursively, as
/// `python3 -m dis` does. It runs on a thread of its own with a deep stack (see [`COMPILER_STACK`]), so deeply
/// nested source gives CPython's `RecursionError` whatever thread calls it.
pub fn dis_source(source: &[u8], name: &str) -> CliOutput {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("pydis-compile".into())
            .stack_size(COMPILER_STACK)
            .spawn_scoped(scope, || dis_source_here(source, name));
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: the caller's stack will do for all but the deepest nesting.
            Err(_) => dis_source_here(source, name),
        }
    })
}

/// [`dis_source`] on the current thread.
fn dis_source_here(source: &[u8], name: &str) -> CliOutput {
    match pyopt::compile_source(source, name, &pyopt::OptConfig::cpython()) {
        Ok(code) => match dis_cli(&code, &Options::default()) {
            (stdout, None) => CliOutput { stdout, ..CliOutput::default() },
            // What was printed before the failure stays printed, as Python's buffered stdout is flushed at exit.
            (stdout, Some(e)) => {
                CliOutput { stdout, stderr: format!("{TRACEBACK_HEAD}{}: {e}\n", e.kind), exit_code: 1 }
            }
        },
        Err(e) => CliOutput {
            stderr: format!("{TRACEBACK_HEAD}{}", error_report(&e, source, name)),
            exit_code: 1,
            ..Default::default()
        },
    }
}

/// The end of the traceback: for a `SyntaxError`, the file and line, the source line with carets, and the message
/// (`print_exception_file_and_line` and `print_error_text` in `Python/pythonrun.c`).
fn error_report(e: &pyopt::Error, source: &[u8], name: &str) -> String {
    use pyir::error::CompileError;
    let (kind, msg, lineno, offset, end_lineno, end_offset) = match e {
        // Subclasses (IndentationError, TabError) are printed without their end (`parse_syntax_error`).
        pyopt::Error::Syntax(s) if s.kind != pyfront::error::ErrorKind::SyntaxError => {
            (s.kind.name(), s.msg.as_str(), i64::from(s.lineno), i64::from(s.offset), i64::from(s.lineno), -1)
        }
        pyopt::Error::Syntax(s) => (
            s.kind.name(),
            s.msg.as_str(),
            i64::from(s.lineno),
            i64::from(s.offset),
            i64::from(s.end_lineno),
            i64::from(s.end_offset),
        ),
        pyopt::Error::Compile(CompileError::Syntax(s)) => (
            "SyntaxError",
            s.msg.as_str(),
            i64::from(s.lineno),
            i64::from(s.offset),
            i64::from(s.end_lineno),
            i64::from(s.end_offset),
        ),
        pyopt::Error::Compile(other) => return format!("{other}\n"),
    };
    // An error without a location (a NUL in the source) has no `File` line; one at line 0 (an unknown or
    // undecodable encoding, found before tokenizing) has one, without source text.
    let located = match e {
        pyopt::Error::Syntax(s) => s.missing != pyfront::error::Missing::All,
        _ => lineno != 0,
    };
    if !located {
        return format!("{kind}: {msg}\n");
    }
    let mut out = format!("  File \"{name}\", line {lineno}\n");
    let text = String::from_utf8_lossy(source);
    if let Some(line) = usize::try_from(lineno - 1).ok().and_then(|i| text.split_inclusive('\n').nth(i)) {
        out.push_str(&error_text(line, offset, end_offset, end_lineno > lineno));
    }
    out.push_str(&format!("{kind}: {msg}\n"));
    out
}

/// `print_error_text`: the stripped source line and a caret line, columns counted in bytes as CPython does.
fn error_text(line: &str, offset: i64, end_offset: i64, multi_line: bool) -> String {
    let line_size = line.len() as i64;
    let mut end_offset = if multi_line { line_size } else { end_offset };
    if end_offset > line_size + 1 {
        end_offset = line_size + 1;
    }
    let carets = if end_offset > 0 && end_offset > offset { end_offset - offset } else { 1 };
    let mut offset = offset - 1;
    let mut text = line;
    while let Some(rest) = text.strip_prefix([' ', '\t', '\x0c']) {
        text = rest;
        offset -= 1;
    }
    let len = text.strip_suffix('\n').unwrap_or(text).len() as i64;
    offset = offset.min(len);
    let mut out = format!("    {text}");
    if !text.ends_with('\n') {
        out.push('\n');
    }
    if offset >= 0 {
        out.push_str("    ");
        out.push_str(&" ".repeat(offset as usize));
        out.push_str(&"^".repeat(carets as usize));
        out.push('\n');
    }
    out
}
