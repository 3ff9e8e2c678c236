//! `pyvm FILE`: runs a Python file like `python3 FILE` (stdout, stderr, exit status).
//! `pyvm --marshal FILE.bin` runs marshal data of a module code object (as `marshal.dumps(compile(...))` writes).

use std::process::ExitCode;

use anyhow::{Context, bail};

fn main() -> ExitCode {
    match real_main() {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            eprintln!("pyvm: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn real_main() -> anyhow::Result<i32> {
    let mut args = std::env::args().skip(1);
    let mut marshal = false;
    let mut file = None;
    for a in args.by_ref() {
        match a.as_str() {
            "--marshal" => marshal = true,
            _ if file.is_none() => file = Some(a),
            _ => {}
        }
    }
    let Some(file) = file else { bail!("usage: pyvm [--marshal] FILE") };
    pyvm::with_big_stack(move || -> anyhow::Result<i32> {
        let bytes = match read_script(&file) {
            Ok(bytes) => bytes,
            Err((message, status)) => {
                eprintln!("pyvm: {message}");
                return Ok(status);
            }
        };
        let code = if marshal {
            pyvm::load_marshal(&bytes).with_context(|| format!("bad marshal data in '{file}'"))?
        } else {
            match pyvm::compile_file(&bytes, &file) {
                Ok(code) => code,
                Err(e) => {
                    eprint!("{}", e.stderr);
                    return Ok(1);
                }
            }
        };
        let config =
            pyvm::RunConfig { stdout_surrogateescape: pyvm::stdout_surrogateescape_from_env(), ..Default::default() };
        let r = pyvm::run_code(code, &config)?;
        Ok(r.exit_code)
    })?
}

/// Reads the script as `python3 FILE` does, failing in its words: `can't open file 'ABSPATH': [Errno N] STRERROR`
/// with status 2, or, for a directory (which CPython would run as a package), `can't find '__main__' module in
/// 'FILE'` with status 1.
fn read_script(file: &str) -> Result<Vec<u8>, (String, i32)> {
    let path = std::path::Path::new(file);
    if path.is_dir() {
        return Err((format!("can't find '__main__' module in '{file}'"), 1));
    }
    std::fs::read(path).map_err(|e| {
        let shown = std::path::absolute(path).map_or_else(|_| file.to_owned(), |p| p.display().to_string());
        // io::Error's Display is "STRERROR (os error N)"; CPython prints "[Errno N] STRERROR".
        let text = e.to_string();
        let reason = match e.raw_os_error() {
            Some(n) => format!("[Errno {n}] {}", text.trim_end_matches(&format!(" (os error {n})"))),
            None => text,
        };
        (format!("can't open file '{shown}': {reason}"), 2)
    })
}
