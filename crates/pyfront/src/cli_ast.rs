//! `pyfront ast [-a] [-i N] [-m exec|eval] FILE`: prints what `python3 -m ast` prints, and fails as it fails (a
//! traceback ending in CPython's `SyntaxError` lines on stderr, exit status 1).

use std::ffi::OsString;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use pyfront::dump::{DumpOptions, dump};
use pyfront::error::SyntaxError;
use pyfront::{Mode, parse};

const USAGE: &str = "usage: pyfront ast [-a] [-i INDENT] [-m {exec,eval}] FILE";

pub fn main(args: Vec<OsString>) -> ExitCode {
    let mut opts = DumpOptions::default();
    let mut mode = Mode::Module;
    let mut files = Vec::new();
    let mut parser = lexopt::Parser::from_args(args);
    loop {
        match parser.next() {
            Ok(Some(lexopt::Arg::Short('a') | lexopt::Arg::Long("include-attributes"))) => {
                opts.include_attributes = true
            }
            Ok(Some(lexopt::Arg::Short('i') | lexopt::Arg::Long("indent"))) => {
                match parser.value().ok().and_then(|v| v.into_string().ok()).and_then(|v| v.parse().ok()) {
                    Some(n) => opts.indent = n,
                    None => {
                        eprintln!("{USAGE}\npyfront ast: error: argument -i/--indent: invalid int value");
                        return ExitCode::from(2);
                    }
                }
            }
            Ok(Some(lexopt::Arg::Short('m') | lexopt::Arg::Long("mode"))) => {
                match parser.value().ok().and_then(|v| v.into_string().ok()).as_deref() {
                    Some("exec") => mode = Mode::Module,
                    Some("eval") => mode = Mode::Expression,
                    _ => {
                        eprintln!("{USAGE}\npyfront ast: error: argument -m/--mode: invalid choice");
                        return ExitCode::from(2);
                    }
                }
            }
            Ok(Some(lexopt::Arg::Value(v))) => files.push(PathBuf::from(v)),
            Ok(Some(_)) | Err(_) => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
            Ok(None) => break,
        }
    }
    let [file] = files.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            let text = e.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text).to_string();
            eprintln!("pyfront ast: error: [Errno {}] {}: '{}'", e.raw_os_error().unwrap_or(0), text, file.display());
            return ExitCode::from(2);
        }
    };
    let filename = file.to_string_lossy();
    let decoded = match pyfront::source::decode(&bytes) {
        Ok(d) => d,
        Err(e) => {
            eprint!("{}", format_syntax_error(&e, &filename, None));
            return ExitCode::FAILURE;
        }
    };
    let arena = bumpalo::Bump::new();
    let tree = match parse(&decoded.text, mode, &arena) {
        Ok(t) => t,
        Err(e) => {
            eprint!("{}", format_syntax_error(&e, &filename, Some(&decoded.text)));
            return ExitCode::FAILURE;
        }
    };
    match dump(&tree, opts) {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            if writeln!(out, "{text}").and_then(|()| out.flush()).is_err() {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Traceback (most recent call last):\n  File \"{filename}\"\n{e}");
            ExitCode::FAILURE
        }
    }
}

/// The end of the traceback CPython prints for an uncaught `SyntaxError` (`print_exception_file_and_line` and
/// `print_error_text` in `Python/pythonrun.c`).
fn format_syntax_error(e: &SyntaxError, filename: &str, source: Option<&str>) -> String {
    let mut out = String::from("Traceback (most recent call last):\n");
    out.push_str(&format!("  File \"{filename}\", line {}\n", e.lineno));
    let line = source.and_then(|s| s.split_inclusive('\n').nth(e.lineno.saturating_sub(1) as usize));
    if let Some(text) = line {
        let line_size = text.len() as i64;
        let mut offset = e.offset as i64;
        let mut end_offset = e.end_offset as i64;
        if e.end_lineno > e.lineno {
            end_offset = line_size;
        }
        if end_offset > line_size + 1 {
            end_offset = line_size + 1;
        }
        let carets = if end_offset > 0 && end_offset > offset { end_offset - offset } else { 1 };
        offset -= 1;
        let stripped = text.trim_start_matches([' ', '\t', '\x0c']);
        offset -= (text.len() - stripped.len()) as i64;
        let body = stripped.trim_end_matches('\n');
        offset = offset.min(body.chars().count() as i64);
        out.push_str("    ");
        out.push_str(body);
        out.push('\n');
        if offset >= 0 {
            out.push_str("    ");
            for _ in 0..offset {
                out.push(' ');
            }
            for _ in 0..carets {
                out.push('^');
            }
            out.push('\n');
        }
    }
    out.push_str(&format!("{}: {}\n", e.kind.name(), e.msg));
    out
}
