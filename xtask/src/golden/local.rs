//! Stage-local goldens: the sets whose format belongs to one crate's own test (the parser's SyntaxErrors, codegen's
//! code-object dumps, marshal and repr data, the fold and CFG expectations, the location-table data). Their owners wrote a Python blesser beside them; `--bless`
//! runs every one of them here, under the same CPython 3.11 check and environment as the stage goldens, so that
//! `cargo xtask golden --bless` regenerates every expected file in the workspace. Each set is compared by the Rust
//! test named in [`LOCAL_SETS`], which `cargo test` runs.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use super::cpython::PYTHON;

/// A set of goldens blessed by a script its owner wrote.
#[derive(Debug, Clone, Copy)]
pub struct LocalSet {
    pub label: &'static str,
    /// The blesser, relative to the workspace root.
    pub script: &'static str,
    /// The directory it blesses (its working directory, and the directory its `__file__` appears to be in, so one
    /// script can bless several directories of the same format).
    pub dir: &'static str,
    /// The `cargo test` target that compares the set with our output.
    pub compared_by: &'static str,
    /// For a blesser that prints its data: the file (relative to the workspace root) its stdout goes to.
    pub stdout_to: Option<&'static str>,
    /// The stage whose directory it derives data in, if any: `--bless --stage S` runs it too, so that a new golden
    /// of S never lacks its derived files.
    pub derives_from: Option<super::Stage>,
}

/// Every stage-local set, in pipeline order.
pub const LOCAL_SETS: &[LocalSet] = &[
    LocalSet {
        label: "parser",
        script: "crates/pyfront/scripts/bless_parser.py",
        dir: "crates/pyfront/scripts",
        compared_by: "cargo test -p pyfront --test parser_golden",
        stdout_to: None,
        derives_from: None,
    },
    LocalSet {
        label: "lexer errors",
        script: "crates/pyfront/scripts/bless_lexer_errors.py",
        dir: "crates/pyfront/scripts",
        compared_by: "cargo test -p pyfront --lib lexer",
        stdout_to: Some("crates/pyfront/test_data/lexer/errors.rs"),
        derives_from: None,
    },
    LocalSet {
        label: "check",
        script: "crates/pyfront/scripts/bless_check.py",
        dir: "crates/pyfront/scripts",
        compared_by: "cargo test -p pyfront --test check_golden",
        stdout_to: None,
        derives_from: None,
    },
    LocalSet {
        label: "command lines",
        script: "crates/pyfront/scripts/bless_cli.py",
        dir: "crates/pyfront/scripts",
        compared_by: "cargo test -p pyfront --test cli_golden",
        stdout_to: None,
        derives_from: None,
    },
    LocalSet {
        label: "float reprs",
        script: "crates/pyfront/test_data/repr/bless_floats.py",
        dir: "crates/pyfront/test_data/repr",
        compared_by: "cargo test -p pyfront --lib repr",
        stdout_to: None,
        derives_from: None,
    },
    LocalSet {
        label: "codegen",
        script: "crates/pyir/test_data/codegen/gen.py",
        dir: "crates/pyir/test_data/codegen",
        compared_by: "cargo test -p pyopt --test slices",
        stdout_to: None,
        derives_from: None,
    },
    LocalSet {
        label: "tables",
        script: "crates/pyir/test_data/assemble/gen_tables.py",
        dir: "crates/pyir/test_data/assemble",
        compared_by: "cargo test -p pyir --test tables",
        stdout_to: None,
        derives_from: None,
    },
    LocalSet {
        label: "marshal data",
        script: "crates/pyir/test_data/marshal/bless.py",
        dir: "crates/pyir/test_data/marshal",
        compared_by: "cargo test -p pyir --lib marshal",
        stdout_to: None,
        derives_from: None,
    },
    LocalSet {
        label: "repr",
        script: "crates/pyir/test_data/repr/bless.py",
        dir: "crates/pyir/test_data/repr",
        compared_by: "cargo test -p pyir --lib repr",
        stdout_to: None,
        derives_from: None,
    },
    LocalSet {
        label: "dis of CPython's code",
        script: "crates/pydis/test_data/bless.py",
        dir: "crates/pydis/test_data",
        compared_by: "cargo test -p pydis",
        stdout_to: None,
        // It disassembles CPython's code for the shared corpus, so a corpus change must re-run it.
        derives_from: Some(super::Stage::Dis),
    },
    LocalSet {
        label: "vm marshal inputs",
        script: "crates/pyvm/test_data/bless.py",
        dir: "crates/pyvm/test_data",
        compared_by: "cargo test -p pyvm --test run",
        stdout_to: None,
        derives_from: Some(super::Stage::Run),
    },
    LocalSet {
        label: "fold",
        script: "crates/pyopt/test_data/fold/bless.py",
        dir: "crates/pyopt/test_data/fold",
        compared_by: "cargo test -p pyopt",
        stdout_to: None,
        derives_from: None,
    },
    LocalSet {
        label: "fold programs",
        script: "crates/pyopt/test_data/fold/programs/gen.py",
        dir: "crates/pyopt/test_data/fold/programs",
        compared_by: "cargo test -p pyopt",
        stdout_to: None,
        derives_from: None,
    },
    LocalSet {
        label: "cfg",
        script: "crates/pyopt/test_data/cfg/gen_assemble.py",
        dir: "crates/pyopt/test_data/cfg",
        compared_by: "cargo test -p pyopt --test cfg",
        stdout_to: None,
        derives_from: None,
    },
    LocalSet {
        label: "pass slices",
        script: "crates/pyopt/test_data/slices/gen.py",
        dir: "crates/pyopt/test_data/slices",
        compared_by: "cargo test -p pyopt --test slices",
        stdout_to: None,
        derives_from: None,
    },
];

/// Runs one set's blesser with CPython 3.11 (the caller has checked the version) and `PYTHONHASHSEED=0`.
pub fn bless(root: &Path, set: &LocalSet) -> Result<()> {
    let script = root.join(set.script);
    let dir = root.join(set.dir);
    let file_name = script.file_name().context("blesser path has a file name")?;
    // Executed with `__file__` inside `dir`, since the blessers find their cases relative to themselves.
    let launcher = "import sys\n\
                    path, here = sys.argv[1], sys.argv[2]\n\
                    sys.argv = [here]\n\
                    code = compile(open(path, encoding='utf-8').read(), path, 'exec')\n\
                    exec(code, {'__name__': '__main__', '__file__': here})\n";
    let mut command = Command::new(PYTHON);
    if let Some(out) = set.stdout_to {
        let path = root.join(out);
        let file = std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        command.stdout(file);
    }
    let status = command
        .args(["-c", launcher])
        .arg(&script)
        .arg(dir.join(file_name))
        .current_dir(&dir)
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env_remove("PYTHONSTARTUP")
        .env_remove("PYTHONPATH")
        .status()
        .with_context(|| format!("running {}", set.script))?;
    if !status.success() {
        bail!("{} failed on {} ({status})", set.script, set.dir);
    }
    Ok(())
}

/// Scripts that look like blessers (`bless*`, `gen*`) but are not: they generate Rust tables or case sources, or
/// are superseded by a stage of the harness. Each with the reason.
const NOT_BLESSERS: &[(&str, &str)] = &[
    ("crates/pyfront/scripts/gen_codec_tables.py", "generates Rust source (codec tables)"),
    ("crates/pyfront/scripts/gen_printable.py", "generates Rust source (str.isprintable table)"),
    ("crates/pyfront/scripts/gen_unicode_tables.py", "generates Rust source (identifier tables)"),
    ("crates/pyir/src/marshal/gen_startup_interned.py", "generates Rust source (interned names)"),
    ("crates/pyir/src/repr/gen_printable.py", "generates Rust source (str.isprintable table)"),
    ("crates/pyvm/tools/gen_unicode_tables.py", "generates Rust source (the VM's Unicode tables)"),
    ("crates/pyfront/test_data/tokenize/bless.sh", "superseded by the harness's tokenize stage (same files)"),
    ("crates/pyopt/test_data/fold/gen_random.py", "writes seeded case sources, not expected outputs"),
    ("crates/pyopt/test_data/cfg/swap_gen.py", "a case source (a swap inside a generator)"),
];

/// Files under `crates/` named like blessers (`bless*.py`, `bless*.sh`, `gen*.py`) that neither [`LOCAL_SETS`] nor
/// the list of known non-blessers mentions: `cargo xtask golden` warns about them, so a new blesser gets registered.
pub fn unregistered_blessers(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![root.join("crates")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
            if path.is_dir() {
                if name != "target" && !name.starts_with('.') {
                    stack.push(path);
                }
                continue;
            }
            let looks_like = (name.starts_with("bless") && (name.ends_with(".py") || name.ends_with(".sh")))
                || (name.starts_with("gen") && name.ends_with(".py"));
            if !looks_like {
                continue;
            }
            let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            let known = LOCAL_SETS.iter().any(|s| s.script == rel) || NOT_BLESSERS.iter().any(|(p, _)| *p == rel);
            if !known {
                found.push(rel);
            }
        }
    }
    found.sort();
    found
}
