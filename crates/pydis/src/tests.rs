//! Checks pydis on CPython-compiled code objects (`test_data/cpython_code/NAME.bin`, marshal data) against what
//! `python3 -m dis` printed for them (`NAME.dis`), both written by `test_data/bless.py`. Addresses are normalised.

use std::path::Path;

use super::*;

fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(" at 0x") {
        out.push_str(&rest[..i]);
        out.push_str(" at 0x0");
        rest = rest[i + 6..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    out.push_str(rest);
    out
}

#[test]
fn cpython_code_objects_disassemble_identically() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/cpython_code");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    names.sort();
    assert!(names.len() > 50, "test data missing in {}", dir.display());
    let mut failures = Vec::new();
    for bin in &names {
        let code = pyir::marshal::loads_code(&std::fs::read(bin).unwrap()).unwrap();
        let want = std::fs::read_to_string(bin.with_extension("dis")).unwrap();
        let got = normalise(&dis(&code, &Options::default()).unwrap());
        if got != want {
            let line = got.lines().zip(want.lines()).find(|(a, b)| a != b);
            failures.push(format!("{}: first difference {line:?}", bin.display()));
        }
    }
    assert!(failures.is_empty(), "{} of {} differ:\n{}", failures.len(), names.len(), failures.join("\n"));
}

/// `dis.show_code` of every code object, depth-first (`NAME.info`).
#[test]
fn show_code_matches_cpython() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/cpython_code");
    let mut checked = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let info = entry.unwrap().path();
        if info.extension().is_none_or(|e| e != "info") {
            continue;
        }
        let code = pyir::marshal::loads_code(&std::fs::read(info.with_extension("bin")).unwrap()).unwrap();
        fn walk(co: &pyir::code::CodeObject, out: &mut String) {
            out.push_str(&show_code(co));
            for c in &co.consts {
                if let pyir::code::Constant::Code(inner) = c {
                    walk(inner, out);
                }
            }
        }
        let mut got = String::new();
        walk(&code, &mut got);
        if normalise(&got) != std::fs::read_to_string(&info).unwrap() {
            failures.push(info.display().to_string());
        }
        checked += 1;
    }
    assert!(checked > 10 && failures.is_empty(), "{checked} checked; differ: {failures:?}");
}
