//! `pyfront check` goldens: for each `test_data/check/*.py`, the command's stderr and status must be exactly what
//! `python3 -m py_compile FILE` gave (the `.err` sibling; empty and status 0 for a file that compiles).
//! Regenerate the expected files with `python3 crates/pyfront/scripts/bless_check.py` (CPython 3.11).

use std::path::Path;
use std::process::Command;

/// Parser error messages that still differ from CPython's (not the check output's layout), listed so the test fails
/// once they are fixed and must be removed here. None at present.
const KNOWN: &[&str] = &[];

#[test]
fn check_matches_py_compile() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/check");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("test_data/check exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for py in &files {
        let expected = std::fs::read_to_string(py.with_extension("err")).unwrap_or_default();
        let name = py.file_name().expect("a file name");
        // Run where the blesser ran py_compile, so the file name prints the same.
        let out = Command::new(env!("CARGO_BIN_EXE_pyfront"))
            .arg("check")
            .arg(name)
            .current_dir(&dir)
            .output()
            .expect("pyfront runs");
        let got = String::from_utf8_lossy(&out.stderr);
        let status_ok = out.status.code() == Some(if expected.is_empty() { 0 } else { 1 });
        let known = KNOWN.contains(&&*name.to_string_lossy());
        if (got != expected || !status_ok) != known {
            failures.push(format!(
                "{}{}: status {:?}\n--- expected\n{expected}\n--- got\n{got}",
                if known { "(listed as known but now matches) " } else { "" },
                py.display(),
                out.status.code()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} check goldens differ:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}
