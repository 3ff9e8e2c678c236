//! `pyfront ast [-a] [-i N] [-m exec|eval] FILE`: prints what `python3 -m ast` prints, and fails as it fails (a
//! traceback ending in CPython's `SyntaxError` lines on stderr, exit status 1). The hidden `--stats PATH...` parses
//! every `.py` file under the paths (no dump) and reports throughput.

use std::ffi::OsString;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use pyfront::dump::{DumpOptions, dump};
use pyfront::error::SyntaxError;
use pyfront::{Mode, ParseOptions, parse, parse_file_with};

const USAGE: &str = "usage: pyfront ast [-a] [-i INDENT] [-m {exec,eval}] FILE";

pub fn main(args: Vec<OsString>) -> ExitCode {
    let mut opts = DumpOptions::default();
    let mut mode = Mode::Module;
    let mut files = Vec::new();
    let mut stats = false;
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
            Ok(Some(lexopt::Arg::Long("stats"))) => stats = true,
            Ok(Some(lexopt::Arg::Value(v))) => files.push(PathBuf::from(v)),
            Ok(Some(_)) | Err(_) => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
            Ok(None) => break,
        }
    }
    if stats {
        run_stats(&files);
        return ExitCode::SUCCESS;
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
    let arena = bumpalo::Bump::new();
    // `python3 -m ast` parses with type_comments=True.
    let tree = match parse_file_with(&bytes, &arena, &ParseOptions { mode, type_comments: true }) {
        Ok(t) => t,
        Err(e) => {
            let text = pyfront::source::decode(&bytes).ok().map(|d| d.text);
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

fn collect_py(path: &std::path::Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else { return };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for c in children {
            collect_py(&c, out);
        }
    } else if path.extension().is_some_and(|e| e == "py") {
        out.push(path.to_path_buf());
    }
}

/// Parse throughput over every `.py` file under `paths` (decoding excluded, one arena per file).
fn run_stats(paths: &[PathBuf]) {
    let mut files = Vec::new();
    for p in paths {
        collect_py(p, &mut files);
    }
    let sources: Vec<String> = files
        .iter()
        .filter_map(|f| std::fs::read(f).ok())
        .filter_map(|b| pyfront::source::decode(&b).ok())
        .map(|d| d.text)
        .collect();
    let total: usize = sources.iter().map(String::len).sum();
    let start = std::time::Instant::now();
    let mut errors = 0usize;
    let mut arena = bumpalo::Bump::new();
    for s in &sources {
        if parse(s, Mode::Module, &arena).is_err() {
            errors += 1;
        }
        arena.reset();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} files, {} bytes, {} syntax errors, {:.3} s, {:.1} MB/s",
        sources.len(),
        total,
        errors,
        secs,
        total as f64 / secs / 1e6
    );
}
