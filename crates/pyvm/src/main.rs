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
        let bytes = std::fs::read(&file).with_context(|| format!("can't open file '{file}'"))?;
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
        let r = pyvm::run_code(code, &pyvm::RunConfig::default())?;
        Ok(r.exit_code)
    })?
}
