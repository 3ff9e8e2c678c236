//! `pyfront tokenize [-e] [FILE]`: prints what `python3 -m tokenize [-e] [FILE]` prints (standard input without
//! FILE), and fails as it fails (message on stderr, exit status 1; argparse's usage errors, status 2). The hidden
//! `--stats PATH...` lexes every `.py` file under the paths with the parser-facing lexer and reports throughput.

use std::ffi::OsString;
use std::io::{Read as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli_args::{collect_py, long_option, os_error};

const USAGE: &str = "usage: python -m tokenize [-h] [-e] [filename.py]\n";

const HELP: &str = "
positional arguments:
  filename.py  the file to tokenize; defaults to stdin

options:
  -h, --help   show this help message and exit
  -e, --exact  display token names using the exact type
";

#[derive(Clone, Copy)]
enum Opt {
    Help,
    Exact,
    Stats,
    CTokens,
}

/// The long options, for argparse's abbreviations; `--stats` and `--c-tokens` are ours and unlisted in the help.
const LONG_OPTIONS: [(&str, Opt); 4] =
    [("help", Opt::Help), ("exact", Opt::Exact), ("stats", Opt::Stats), ("c-tokens", Opt::CTokens)];

/// argparse's error exit: usage and message on stderr, status 2.
fn usage_error(msg: &str) -> ExitCode {
    eprintln!("{USAGE}python -m tokenize: error: {msg}");
    ExitCode::from(2)
}

pub fn main(args: Vec<OsString>) -> ExitCode {
    let mut exact = false;
    let mut stats = false;
    let mut c_tokens = false;
    let mut files = Vec::new();
    let mut unrecognized: Vec<String> = Vec::new();
    let mut parser = lexopt::Parser::from_args(args);
    loop {
        let option = match parser.next() {
            Ok(Some(lexopt::Arg::Short('h'))) => Opt::Help,
            Ok(Some(lexopt::Arg::Short('e'))) => Opt::Exact,
            Ok(Some(lexopt::Arg::Short(c))) => {
                unrecognized.push(format!("-{c}"));
                continue;
            }
            Ok(Some(lexopt::Arg::Long(name))) => match long_option(&LONG_OPTIONS, name) {
                Ok(Some(o)) => o,
                Ok(None) => {
                    unrecognized.push(format!("--{name}"));
                    continue;
                }
                Err(msg) => return usage_error(&msg),
            },
            Ok(Some(lexopt::Arg::Value(v))) => {
                // One file for tokenize; --stats takes any number of paths.
                if files.is_empty() || stats {
                    files.push(PathBuf::from(v));
                } else {
                    unrecognized.push(v.to_string_lossy().into_owned());
                }
                continue;
            }
            Ok(None) => break,
            Err(e) => return usage_error(&e.to_string()),
        };
        match option {
            Opt::Help => {
                print!("{USAGE}{HELP}");
                return ExitCode::SUCCESS;
            }
            Opt::Exact => exact = true,
            Opt::Stats => stats = true,
            Opt::CTokens => c_tokens = true,
        }
    }
    if !unrecognized.is_empty() {
        return usage_error(&format!("unrecognized arguments: {}", unrecognized.join(" ")));
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
    // Without a file, tokenize reads standard input and names it `<stdin>` in its errors.
    let (name, read) = match files.first() {
        Some(file) => (file.to_string_lossy().into_owned(), std::fs::read(file)),
        None => {
            let mut buf = Vec::new();
            ("<stdin>".to_owned(), std::io::stdin().read_to_end(&mut buf).map(|_| buf))
        }
    };
    let bytes = match read {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {}", os_error(&e, &name));
            return ExitCode::FAILURE;
        }
    };
    if c_tokens {
        return print_c_tokens(&bytes);
    }
    let result = if files.is_empty() {
        let (out, err) = pyfront::tokenize::tokenize_stdin(&bytes, exact);
        let mut stdout = std::io::stdout().lock();
        if stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush()).is_err() {
            return ExitCode::FAILURE;
        }
        err.map_or(Ok(String::new()), Err)
    } else {
        pyfront::tokenize::tokenize_file(&bytes, &name, exact)
    };
    match result {
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

/// Lexes every file with the parser-facing lexer and prints files, bytes, tokens, errors, MB/s.
fn run_stats(paths: &[PathBuf]) -> anyhow::Result<()> {
    let mut files = Vec::new();
    for p in paths {
        collect_py(p, &mut files);
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
