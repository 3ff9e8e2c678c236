//! `pydis [-h] [infile]`: `python3 -m dis` for our toolchain, with argparse's messages and exit statuses.
//!
//! Hidden developer options (not in `python3 -m dis`): `--marshal FILE` disassembles marshal data (`marshal.dumps`
//! output, or a `.pyc`) instead of compiling source, so CPython-compiled code can be compared; `--marshal-hex FILE`
//! prints our `marshal.dumps(compile(source, FILE, 'exec'))` in hex; `--check-marshal FILE...` loads each marshal
//! file, writes it back and reports whether the bytes are identical.

use std::io::{Read, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use lexopt::prelude::*;

const USAGE: &str = "usage: dis.py [-h] [infile]\n";
const HELP: &str = "usage: dis.py [-h] [infile]

positional arguments:
  infile

options:
  -h, --help  show this help message and exit
";

enum Command {
    Source(Option<String>),
    Marshal(String),
    MarshalHex(String),
    CheckMarshal(Vec<String>),
}

/// argparse's error exit: usage and message on stderr, status 2.
fn usage_error(msg: &str) -> ExitCode {
    eprintln!("{USAGE}dis.py: error: {msg}");
    ExitCode::from(2)
}

/// The `[Errno N] ...` text Python gives an `OSError` from `open()`.
fn os_error(e: &std::io::Error, path: &str) -> String {
    let quoted = pyir::repr::str_repr(path);
    match e.raw_os_error() {
        Some(code) => {
            let text = std::io::Error::from_raw_os_error(code).to_string();
            // Rust appends " (os error N)" to the C library's text.
            let text = text.split(" (os error").next().unwrap_or(&text).to_owned();
            format!("[Errno {code}] {text}: {quoted}")
        }
        None => format!("{e}: {quoted}"),
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("pydis: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run() -> Result<ExitCode> {
    let mut parser = lexopt::Parser::from_env();
    let mut positional: Vec<String> = Vec::new();
    let mut command = None;
    let mut unrecognized: Vec<String> = Vec::new();
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => {
                print!("{HELP}");
                return Ok(ExitCode::SUCCESS);
            }
            Long("marshal") => command = Some(Command::Marshal(parser.value()?.string()?)),
            Long("marshal-hex") => command = Some(Command::MarshalHex(parser.value()?.string()?)),
            Long("check-marshal") => {
                let files = parser.values()?.map(|v| v.string()).collect::<Result<Vec<_>, _>>()?;
                command = Some(Command::CheckMarshal(files));
            }
            Value(v) if positional.is_empty() => positional.push(v.string()?),
            Value(v) => unrecognized.push(v.string()?),
            Short(c) => unrecognized.push(format!("-{c}")),
            Long(l) => unrecognized.push(format!("--{l}")),
        }
    }
    let command = command.unwrap_or_else(|| Command::Source(positional.first().cloned()));
    match command {
        Command::Source(path) => {
            // argparse opens the file while parsing, before it complains about extra arguments.
            let (source, name) = match path.as_deref() {
                None | Some("-") => {
                    let mut buf = Vec::new();
                    std::io::stdin().read_to_end(&mut buf).context("reading stdin")?;
                    (buf, "<stdin>".to_owned())
                }
                Some(p) => match std::fs::read(p) {
                    Ok(b) => (b, p.to_owned()),
                    Err(e) => {
                        return Ok(usage_error(&format!("argument infile: can't open '{p}': {}", os_error(&e, p))));
                    }
                },
            };
            if !unrecognized.is_empty() {
                return Ok(usage_error(&format!("unrecognized arguments: {}", unrecognized.join(" "))));
            }
            let out = pydis::cli::dis_source(&source, &name);
            std::io::stdout().write_all(out.stdout.as_bytes())?;
            std::io::stderr().write_all(out.stderr.as_bytes())?;
            Ok(ExitCode::from(out.exit_code as u8))
        }
        Command::Marshal(path) => {
            let data = std::fs::read(&path).with_context(|| format!("reading {path}"))?;
            let code = if data.starts_with(&pyir::pyc::MAGIC) {
                pyir::pyc::read(&data, &path).map(|(_, c)| c)
            } else {
                pyir::marshal::loads_code(&data)
            }
            .with_context(|| format!("loading {path}"))?;
            let text =
                pydis::dis(&code, &pydis::Options::default()).with_context(|| format!("disassembling {path}"))?;
            std::io::stdout().write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::MarshalHex(path) => {
            let source = std::fs::read(&path).with_context(|| format!("reading {path}"))?;
            let code = pyopt::compile_source(&source, &path, &pyopt::OptConfig::cpython())?;
            let data = pyir::marshal::dumps(&code)?;
            let hex: String = data.iter().map(|b| format!("{b:02x}")).collect();
            println!("{hex}");
            Ok(ExitCode::SUCCESS)
        }
        Command::CheckMarshal(files) => {
            let (mut same, mut different) = (0, 0);
            for path in &files {
                let data = std::fs::read(path).with_context(|| format!("reading {path}"))?;
                let result = pyir::marshal::loads_code(&data).and_then(|c| pyir::marshal::dumps(&c));
                match result {
                    Ok(again) if again == data => same += 1,
                    Ok(again) => {
                        let at =
                            again.iter().zip(&data).position(|(a, b)| a != b).unwrap_or(again.len().min(data.len()));
                        println!("{path}: differs at byte {at}");
                        different += 1;
                    }
                    Err(e) => {
                        println!("{path}: {e}");
                        different += 1;
                    }
                }
            }
            println!("identical {same}, different {different}");
            Ok(if different == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
    }
}
