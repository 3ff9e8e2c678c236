//! `pyfront tokenize [-e] FILE`: prints what `python3 -m tokenize [-e] FILE` prints, and fails as
//! it fails (message on stderr, exit status 1). The hidden `--stats PATH...` lexes every `.py` file
//! under the paths with the parser-facing lexer and reports throughput.

use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

pub fn main(args: Vec<OsString>) -> ExitCode {
    let mut exact = false;
    let mut stats = false;
    let mut c_tokens = false;
    let mut files = Vec::new();
    let mut parser = lexopt::Parser::from_args(args);
    loop {
        match parser.next() {
            Ok(Some(lexopt::Arg::Short('e') | lexopt::Arg::Long("exact"))) => exact = true,
            Ok(Some(lexopt::Arg::Long("stats"))) => stats = true,
            Ok(Some(lexopt::Arg::Long("c-tokens"))) => c_tokens = true,
            Ok(Some(lexopt::Arg::Value(v))) => files.push(PathBuf::from(v)),
            Ok(Some(other)) => {
                eprintln!(
                    "usage: pyfront tokenize [-e] FILE\npyfront tokenize: error: unexpected {}",
                    describe(&other)
                );
                return ExitCode::from(2);
            }
            Ok(None) => break,
            Err(e) => {
                eprintln!("pyfront tokenize: error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if stats {
        return match run_stats(&files) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::FAILURE
            }
        };
    }
    let [file] = files.as_slice() else {
        eprintln!("usage: pyfront tokenize [-e] FILE");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            // Python words it "[Errno 2] No such file or directory: 'x'"; Rust appends the number.
            let text = e.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text);
            eprintln!("error: [Errno {}] {}: '{}'", e.raw_os_error().unwrap_or(0), text, file.display());
            return ExitCode::FAILURE;
        }
    };
    if c_tokens {
        return print_c_tokens(&bytes);
    }
    match pyfront::tokenize::tokenize_file(&bytes, &file.to_string_lossy(), exact) {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            if stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush()).is_err() {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprint!("{msg}");
            ExitCode::FAILURE
        }
    }
}

/// The hidden `--c-tokens`: the parser-facing stream in `scripts/c_tokens.py`'s format, to compare
/// with CPython's C tokenizer.
fn print_c_tokens(bytes: &[u8]) -> ExitCode {
    use pyfront::token::TokenKind;
    let text = match pyfront::source::decode(bytes) {
        Ok(d) => d.text,
        Err(e) => {
            println!("error: {} {} {}", e.lineno, e.offset, e.msg);
            return ExitCode::FAILURE;
        }
    };
    let index = pyfront::token::LineIndex::new(&text);
    let mut out = String::new();
    let mut code = ExitCode::SUCCESS;
    for t in pyfront::lexer::Lexer::new(&text) {
        match t {
            // CPython's TokenizerIter stops before ENDMARKER.
            Ok(t) if t.kind == TokenKind::EndMarker => {}
            Ok(t) => {
                let name = t.kind.name();
                if matches!(t.kind, TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent) {
                    out.push_str(name);
                    out.push('\n');
                } else {
                    let (s, e) = (index.line_col(t.start), index.line_col(t.end));
                    out.push_str(&format!("{name} {},{}-{},{}\n", s.line, s.col, e.line, e.col));
                }
            }
            Err(e) => {
                out.push_str(&format!("error: {} {} {}\n", e.lineno, e.offset, e.msg));
                code = ExitCode::FAILURE;
            }
        }
    }
    print!("{out}");
    code
}

fn describe(arg: &lexopt::Arg<'_>) -> String {
    match arg {
        lexopt::Arg::Short(c) => format!("option -{c}"),
        lexopt::Arg::Long(l) => format!("option --{l}"),
        lexopt::Arg::Value(v) => format!("argument {}", v.to_string_lossy()),
    }
}

fn collect_py(path: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .with_context(|| format!("reading {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for e in entries {
            collect_py(&e, out)?;
        }
    } else if path.extension().is_some_and(|x| x == "py") {
        out.push(path.to_path_buf());
    }
    Ok(())
}

/// Lexes every file with the parser-facing lexer and prints files, bytes, tokens, errors, MB/s.
fn run_stats(paths: &[PathBuf]) -> anyhow::Result<()> {
    let mut files = Vec::new();
    for p in paths {
        collect_py(p, &mut files)?;
    }
    let mut sources = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).with_context(|| format!("reading {}", f.display()))?;
        if let Ok(d) = pyfront::source::decode(&bytes) {
            sources.push(d.text);
        }
    }
    let total: usize = sources.iter().map(String::len).sum();
    let start = std::time::Instant::now();
    let (mut tokens, mut errors) = (0usize, 0usize);
    for s in &sources {
        for t in pyfront::lexer::Lexer::new(s) {
            match t {
                Ok(_) => tokens += 1,
                Err(_) => errors += 1,
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} files, {} bytes, {} tokens, {} lexer errors, {:.3} s, {:.1} MB/s",
        sources.len(),
        total,
        tokens,
        errors,
        secs,
        total as f64 / secs / 1e6
    );
    Ok(())
}
