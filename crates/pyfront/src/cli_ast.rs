//! `pyfront ast [-a] [-i N] [-m exec|eval] FILE`: prints what `python3 -m ast` prints, and fails as it fails (a
//! traceback ending in CPython's `SyntaxError` lines on stderr, exit status 1). Throughput is measured by
//! `pyfront check --stats`.

use std::ffi::OsString;
use std::io::{Read as _, Write as _};
use std::process::ExitCode;

use pyfront::dump::{DumpOptions, dump};
use pyfront::error::SyntaxError;
use pyfront::{Mode, ParseOptions, parse_file_with};

use crate::cli_args::{long_option, os_error};

/// argparse's usage for `python3 -m ast`, which our errors repeat so that they read as CPython's.
const USAGE: &str = "usage: python -m ast [-h] [-m {exec,single,eval,func_type}]
                     [--no-type-comments] [-a] [-i INDENT]
                     [infile]
";

const HELP: &str = "
positional arguments:
  infile                the file to parse; defaults to stdin

options:
  -h, --help            show this help message and exit
  -m {exec,single,eval,func_type}, --mode {exec,single,eval,func_type}
                        specify what kind of code must be parsed
  --no-type-comments    don't add information about type comments
  -a, --include-attributes
                        include attributes such as line numbers and column
                        offsets
  -i INDENT, --indent INDENT
                        indentation of nodes (number of spaces)
";

/// The options `python3 -m ast` knows.
#[derive(Clone, Copy)]
enum Opt {
    Help,
    Mode,
    NoTypeComments,
    IncludeAttributes,
    Indent,
}

/// The long options, for argparse's unique-prefix abbreviations (`--inc` is `--include-attributes`).
const LONG_OPTIONS: [(&str, Opt); 5] = [
    ("help", Opt::Help),
    ("mode", Opt::Mode),
    ("no-type-comments", Opt::NoTypeComments),
    ("include-attributes", Opt::IncludeAttributes),
    ("indent", Opt::Indent),
];

/// argparse's error exit: usage and message on stderr, status 2.
fn usage_error(msg: &str) -> ExitCode {
    eprintln!("{USAGE}python -m ast: error: {msg}");
    ExitCode::from(2)
}

/// What the command line asks for, once argparse's checks have passed.
struct Request {
    opts: DumpOptions,
    mode: Mode,
    type_comments: bool,
    /// The file's name and bytes (`<stdin>` when none or `-` is given).
    input: (String, Vec<u8>),
}

/// Parses the arguments as `python3 -m ast`'s argparse does, opening the file when it is met; `Err` is the exit.
fn parse_args(args: Vec<OsString>) -> Result<Request, ExitCode> {
    let mut opts = DumpOptions::default();
    let mut mode = Mode::Module;
    let mut type_comments = true;
    let mut input = None;
    let mut unrecognized: Vec<String> = Vec::new();
    let mut parser = lexopt::Parser::from_args(args);
    loop {
        let arg = match parser.next() {
            Ok(Some(arg)) => arg,
            Ok(None) => break,
            Err(e) => return Err(usage_error(&e.to_string())),
        };
        let option = match arg {
            lexopt::Arg::Short('h') => Opt::Help,
            lexopt::Arg::Short('m') => Opt::Mode,
            lexopt::Arg::Short('a') => Opt::IncludeAttributes,
            lexopt::Arg::Short('i') => Opt::Indent,
            lexopt::Arg::Short(c) => {
                unrecognized.push(format!("-{c}"));
                continue;
            }
            lexopt::Arg::Long(name) => match long_option(&LONG_OPTIONS, name) {
                Ok(Some(o)) => o,
                Ok(None) => {
                    unrecognized.push(format!("--{name}"));
                    continue;
                }
                Err(msg) => return Err(usage_error(&msg)),
            },
            lexopt::Arg::Value(v) if input.is_none() => {
                let path = v.to_string_lossy().into_owned();
                if path == "-" {
                    let mut buf = Vec::new();
                    if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
                        return Err(usage_error(&format!("argument infile: can't open '-': {e}")));
                    }
                    input = Some(("<stdin>".to_owned(), buf));
                } else {
                    match std::fs::read(&v) {
                        Ok(bytes) => input = Some((path, bytes)),
                        Err(e) => {
                            return Err(usage_error(&format!(
                                "argument infile: can't open '{path}': {}",
                                os_error(&e, &path)
                            )));
                        }
                    }
                }
                continue;
            }
            lexopt::Arg::Value(v) => {
                unrecognized.push(v.to_string_lossy().into_owned());
                continue;
            }
        };
        match option {
            Opt::Help => {
                print!("{USAGE}{HELP}");
                return Err(ExitCode::SUCCESS);
            }
            Opt::IncludeAttributes => opts.include_attributes = true,
            Opt::NoTypeComments => type_comments = false,
            Opt::Indent => {
                let Ok(v) = parser.value() else {
                    return Err(usage_error("argument -i/--indent: expected one argument"));
                };
                let v = v.to_string_lossy().into_owned();
                match v.trim().parse() {
                    Ok(n) => opts.indent = n,
                    Err(_) => return Err(usage_error(&format!("argument -i/--indent: invalid int value: '{v}'"))),
                }
            }
            Opt::Mode => {
                let Ok(v) = parser.value() else {
                    return Err(usage_error("argument -m/--mode: expected one argument"));
                };
                mode = match v.to_string_lossy().as_ref() {
                    "exec" => Mode::Module,
                    "eval" => Mode::Expression,
                    "single" => Mode::Interactive,
                    "func_type" => Mode::FunctionType,
                    other => {
                        return Err(usage_error(&format!(
                            "argument -m/--mode: invalid choice: '{other}' (choose from 'exec', 'single', 'eval', \
                             'func_type')"
                        )));
                    }
                }
            }
        }
    }
    if !unrecognized.is_empty() {
        return Err(usage_error(&format!("unrecognized arguments: {}", unrecognized.join(" "))));
    }
    let input = match input {
        Some(i) => i,
        None => {
            let mut buf = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
                return Err(usage_error(&format!("argument infile: can't open '-': {e}")));
            }
            ("<stdin>".to_owned(), buf)
        }
    };
    Ok(Request { opts, mode, type_comments, input })
}

pub fn main(args: Vec<OsString>) -> ExitCode {
    let Request { opts, mode, type_comments, input: (filename, bytes) } = match parse_args(args) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let arena = bumpalo::Bump::new();
    let tree = match parse_file_with(&bytes, &arena, &ParseOptions { mode, type_comments }) {
        Ok(t) => t,
        Err(e) => {
            let text = pyfront::source::decode_for_compile(&bytes).ok().map(|d| d.text);
            eprint!("{}", format_syntax_error(&e, &filename, text.as_deref()));
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
    if !e.located() {
        // An error without a location (a NUL in the source, the parser's MemoryError): CPython prints no `File`
        // line, and an exception without a message as its class alone.
        match e.msg.is_empty() {
            true => out.push_str(&format!("{}\n", e.kind.name())),
            false => out.push_str(&format!("{}: {}\n", e.kind.name(), e.msg)),
        }
        return out;
    }
    out.push_str(&format!("  File \"{filename}\", line {}\n", e.lineno));
    let line = source.and_then(|s| s.split_inclusive('\n').nth(e.lineno.saturating_sub(1) as usize));
    // CPython re-reads a named file's line in chunks and shows the last (standard input is shown whole).
    let line = match line {
        Some(l) if filename != "<stdin>" => {
            let tail = pyfront::error::program_line(l.as_bytes());
            Some(std::str::from_utf8(tail).unwrap_or(l))
        }
        other => other,
    };
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
