//! `pyfront check FILE...`: parses each file and reports its syntax error as `python3 -m py_compile FILE` prints it
//! (exit status 1 if any file failed); `pyfront check --stats PATH...`: parse throughput over every `.py` file under
//! the paths.
//!
//! `py_compile` formats a plain `SyntaxError` with `traceback.format_exception_only` (no `Traceback` header; the
//! source line is re-read from the file, carets under the stripped line) and any other exception as `Sorry: Class:
//! str(exc)`, without a final newline. Only the parser runs here, so errors CPython's compiler raises after parsing
//! (symbol table, `return` outside a function) are not reported.

use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pyfront::error::{ErrorKind, SyntaxError};
use pyfront::{Mode, parse, parse_file};

use crate::cli_args::{collect_py, os_error};

const USAGE: &str = "usage: pyfront check [--stats] PATH...";

pub fn main(args: Vec<OsString>) -> ExitCode {
    let mut paths = Vec::new();
    let mut stats = false;
    let mut parser = lexopt::Parser::from_args(args);
    loop {
        match parser.next() {
            Ok(Some(lexopt::Arg::Long("stats"))) => stats = true,
            Ok(Some(lexopt::Arg::Value(v))) => paths.push(PathBuf::from(v)),
            Ok(Some(_)) | Err(_) => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
            Ok(None) => break,
        }
    }
    if paths.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    if stats {
        return run_stats(&paths);
    }
    let mut failed = false;
    let mut stderr = std::io::stderr().lock();
    for path in &paths {
        if let Some(report) = check_file(path) {
            // py_compile's message has no final newline (it exits after one file); we go on, so later reports
            // start on a line of their own.
            let sep = if failed { "\n" } else { "" };
            let _ = write!(stderr, "{sep}{report}");
            failed = true;
        }
    }
    let _ = stderr.flush();
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// What `python3 -m py_compile path` prints for this file, or `None` if it parses.
fn check_file(path: &Path) -> Option<String> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Some(os_error(&e, &path.to_string_lossy())),
    };
    let arena = bumpalo::Bump::new();
    let e = parse_file(&bytes, Mode::Module, &arena).err()?;
    Some(format_error(&e, &path.to_string_lossy(), &bytes))
}

/// `PyCompileError.msg` for a syntax error in the file `filename` whose bytes are `bytes`.
fn format_error(e: &SyntaxError, filename: &str, bytes: &[u8]) -> String {
    // CPython reports errors without a location (null bytes) with `lineno` None, and then no filename either.
    let located = e.located();
    if e.kind != ErrorKind::SyntaxError {
        // `str(SyntaxError)` names the file by its base name.
        let base = filename.rsplit('/').next().unwrap_or(filename);
        return match located {
            true => format!("Sorry: {}: {} ({base}, line {})", e.kind.name(), e.msg, e.lineno),
            false => format!("Sorry: {}: {}", e.kind.name(), e.msg),
        };
    }
    let mut out = String::new();
    if !located {
        out.push_str(&format!("SyntaxError: {}\n", e.msg));
        return out;
    }
    out.push_str(&format!("  File \"{filename}\", line {}\n", e.lineno));
    let text = match &e.text {
        Some(t) => Some(format!("{t}\n")),
        None => program_text(bytes, e.lineno),
    };
    if let Some(text) = text {
        let (offset, end_offset) = bom_quirk(e, bytes, &text);
        push_source_line(&mut out, &text, offset, end_offset);
    }
    out.push_str(&format!("SyntaxError: {}\n", e.msg));
    out
}

/// The error's line as CPython re-reads it from the file (`_PyErr_ProgramDecodedTextObject`): split at `\n` only,
/// decoded with the file's encoding, undecodable bytes replaced, a BOM kept.
fn program_text(bytes: &[u8], lineno: u32) -> Option<String> {
    let full = bytes.split_inclusive(|&b| b == b'\n').nth(lineno.checked_sub(1)? as usize)?;
    // Read with universal newlines.
    let full = full.strip_suffix(b"\r\n").map_or_else(|| full.to_vec(), |l| [l, b"\n"].concat());
    let line = pyfront::error::program_line(&full);
    if line.len() < full.len() {
        return Some(String::from_utf8_lossy(line).into_owned());
    }
    // A file with a declared codec has its line decoded with it (when the whole file decodes).
    if let Ok(d) = pyfront::source::decode(bytes)
        && d.encoding != "utf-8"
    {
        let text = d.text.split_inclusive('\n').nth(lineno as usize - 1).map(str::to_string)?;
        return Some(text.strip_suffix("\r\n").map_or(text.clone(), |l| format!("{l}\n")));
    }
    Some(String::from_utf8_lossy(line).into_owned())
}

/// With a BOM, CPython counts columns of line 1 in bytes of the line without it, then converts them to characters
/// of the line as re-read from the file, BOM included; our offsets count characters without it.
fn bom_quirk(e: &SyntaxError, bytes: &[u8], text: &str) -> (i32, i32) {
    // Undecodable bytes are reported with CPython's own columns already (parser/undecodable.rs).
    if e.lineno != 1 || !bytes.starts_with(b"\xEF\xBB\xBF") || e.msg.starts_with("(unicode error)") {
        return (e.offset, e.end_offset);
    }
    let line = text.strip_prefix('\u{feff}').unwrap_or(text);
    let fix = |off: i32| -> i32 {
        if off <= 0 {
            return off;
        }
        let byte_col: usize = line.chars().take(off as usize - 1).map(char::len_utf8).sum();
        let with_bom = [&b"\xEF\xBB\xBF"[..], line.as_bytes()].concat();
        let cut = byte_col.min(with_bom.len());
        String::from_utf8_lossy(&with_bom[..cut]).chars().count() as i32 + 1
    };
    let end = if e.end_lineno == 1 { fix(e.end_offset) } else { e.end_offset };
    (fix(e.offset), end)
}

/// The source line and carets, as `traceback.TracebackException._format_syntax_error` lays them out.
fn push_source_line(out: &mut String, text: &str, offset: i32, end_offset: i32) {
    let rtext = text.trim_end_matches('\n');
    let ltext = rtext.trim_start_matches([' ', '\n', '\x0c']);
    let spaces = (rtext.chars().count() - ltext.chars().count()) as i64;
    out.push_str("    ");
    out.push_str(ltext);
    out.push('\n');
    let offset = i64::from(offset);
    let mut end_offset = if end_offset == 0 { offset } else { i64::from(end_offset) };
    if offset == end_offset || end_offset == -1 {
        end_offset = offset + 1;
    }
    let colno = offset - 1 - spaces;
    let end_colno = end_offset - 1 - spaces;
    if colno >= 0 {
        out.push_str("    ");
        // Whitespace other than spaces (tabs) is kept so the carets line up.
        out.extend(ltext.chars().take(colno as usize).map(|c| if c.is_whitespace() { c } else { ' ' }));
        for _ in 0..(end_colno - colno).max(0) {
            out.push('^');
        }
        out.push('\n');
    }
}

/// Parse throughput over every `.py` file under `paths` (files named directly count too). Reading and decoding
/// are excluded from the time, as they are for `compile(str, ...)`; one arena serves all files, reset between them.
fn run_stats(paths: &[PathBuf]) -> ExitCode {
    let mut files = Vec::new();
    for p in paths {
        collect_py(p, &mut files);
    }
    // Files compile() refuses while decoding (an unknown encoding, bytes that are not UTF-8 where tokens need
    // them) count as errors but are not timed.
    let mut undecodable = 0usize;
    let mut sources = Vec::with_capacity(files.len());
    for f in &files {
        match std::fs::read(f).ok().map(|b| pyfront::source::decode_for_compile(&b)) {
            Some(Ok(d)) if d.replaced.is_empty() => sources.push(d.text),
            _ => undecodable += 1,
        }
    }
    let total: usize = sources.iter().map(String::len).sum();
    let mut errors = 0usize;
    let mut arena = bumpalo::Bump::new();
    let start = std::time::Instant::now();
    for s in &sources {
        errors += usize::from(parse(s, Mode::Module, &arena).is_err());
        arena.reset();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} files, {} bytes, {:.3} s, {:.1} MB/s ({} with syntax errors; {} more not decodable, as compile() finds)",
        sources.len(),
        total,
        secs,
        total as f64 / secs / 1e6,
        errors,
        undecodable
    );
    ExitCode::SUCCESS
}
