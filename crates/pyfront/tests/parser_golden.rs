//! The parser's golden files: `test_data/ast/*.py` must dump exactly as `python3 -m ast -a` did, and
//! `test_data/syntax/*.py` must fail with CPython's SyntaxError class, message and location; `test_data/modes/MODE/`
//! holds both kinds for the `single`, `func_type` and `eval` modes. Together the dumps must show every node kind and
//! every field of CPython's AST (`test_data/ast_nodes.txt`).
//! Regenerate the expected files with `python3 crates/pyfront/scripts/bless_parser.py` (CPython 3.11). Inputs
//! named in `test_data/syntax/known_gaps.txt` are known to differ, and must keep differing until taken off it.

use std::path::{Path, PathBuf};

use pyfront::dump::{DumpOptions, dump};
use pyfront::{Mode, ParseOptions, parse_file_with};

fn inputs(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data").join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.map(|e| e.path()).unwrap_or_default())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    files
}

/// What our parser makes of a file: the `-a` dump, or the error as the `.err` files spell it.
fn run(path: &Path, mode: Mode) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let arena = bumpalo::Bump::new();
    match parse_file_with(&bytes, &arena, &ParseOptions { mode, type_comments: true }) {
        Ok(tree) => {
            let opts = DumpOptions { include_attributes: true, ..DumpOptions::default() };
            dump(&tree, opts).map(|s| s + "\n").map_err(|e| e.to_string())
        }
        Err(e) => Err(format!("{}\n{}\n{}\n", e.kind.name(), e.msg, e.location_text())),
    }
}

/// The inputs of `dir` listed in its `known_gaps.txt` (`FILE: reason` lines): errors we do not report as CPython
/// does yet.
fn known_gaps(dir: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data").join(dir).join("known_gaps.txt");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split(':').next())
        .map(str::to_string)
        .collect()
}

fn check_all(dir: &str, ext: &str, expect_ok: bool) {
    let mut failures = Vec::new();
    let files = inputs(dir);
    let gaps = known_gaps(dir);
    assert!(!files.is_empty());
    for py in &files {
        let expected = std::fs::read_to_string(py.with_extension(ext)).unwrap_or_default();
        let got = match run(py, Mode::Module) {
            Ok(s) if expect_ok => s,
            Err(s) if !expect_ok => s,
            Ok(s) | Err(s) => format!("UNEXPECTED: {s}"),
        };
        let name = py.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let known = gaps.contains(&name);
        if got != expected && !known {
            failures.push(format!("{}:\n--- expected\n{expected}\n--- got\n{got}", py.display()));
        }
        if got == expected && known {
            failures.push(format!("{}: matches CPython now; remove it from known_gaps.txt", py.display()));
        }
    }
    for gap in &gaps {
        if !files.iter().any(|f| f.file_name().is_some_and(|n| n.to_string_lossy() == gap.as_str())) {
            failures.push(format!("known_gaps.txt names {gap}, which is not in {dir}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} {dir} goldens differ:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn ast_goldens() {
    check_all("ast", "ast", true);
}

#[test]
fn syntax_error_goldens() {
    check_all("syntax", "err", false);
}

/// Each input of `test_data/modes/MODE/` parses in that mode as its `.ast` says, or fails as its `.err` says.
#[test]
fn mode_goldens() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (mode, name) in [(Mode::Interactive, "single"), (Mode::FunctionType, "func_type"), (Mode::Expression, "eval")] {
        for py in inputs(&format!("modes/{name}")) {
            count += 1;
            let got = match run(&py, mode) {
                Ok(s) => (s, "ast"),
                Err(s) => (s, "err"),
            };
            let expected = std::fs::read_to_string(py.with_extension(got.1)).unwrap_or_default();
            if got.0 != expected {
                failures.push(format!("{}:\n--- expected .{}\n{expected}\n--- got\n{}", py.display(), got.1, got.0));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {count} mode goldens differ:\n{}", failures.len(), failures.join("\n"));
}

/// Every node kind of CPython's AST, and every field of each, appears in at least one dump golden, so that the
/// goldens exercise the whole of the dumper and the parser's output (`ast_nodes.txt` lists `Kind field...` as
/// CPython's `ast` module defines them, attributes included).
#[test]
fn goldens_cover_every_node_kind_and_field() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data");
    let listing = std::fs::read_to_string(root.join("ast_nodes.txt")).unwrap_or_else(|e| panic!("ast_nodes.txt: {e}"));
    let mut seen = std::collections::BTreeSet::new();
    let mut dumps: Vec<PathBuf> = inputs("ast");
    for mode in ["single", "func_type", "eval"] {
        dumps.extend(inputs(&format!("modes/{mode}")));
    }
    for py in dumps {
        if let Ok(text) = std::fs::read_to_string(py.with_extension("ast")) {
            record_fields(&text, &mut seen);
        }
    }
    let mut missing = Vec::new();
    for line in listing.lines() {
        let mut words = line.split_whitespace();
        let Some(kind) = words.next() else { continue };
        if !seen.contains(&(kind.to_string(), String::new())) {
            missing.push(kind.to_string());
        }
        for field in words {
            if !seen.contains(&(kind.to_string(), field.to_string())) {
                missing.push(format!("{kind}.{field}"));
            }
        }
    }
    assert!(missing.is_empty(), "no golden shows: {}", missing.join(", "));
}

/// Records, from an `ast.dump` text, each node kind as `(kind, "")` and each field shown as `(kind, field)`.
fn record_fields(text: &str, seen: &mut std::collections::BTreeSet<(String, String)>) {
    let b = text.as_bytes();
    let mut stack: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"') => {
                // A repr'd string: skip to its closing quote, past escapes.
                i += 1;
                while i < b.len() && b[i] != q {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let word = &text[start..i];
                // A bytes literal's prefix is followed by its quote, not by `(` or `=`.
                match b.get(i) {
                    Some(b'(') => {
                        seen.insert((word.to_string(), String::new()));
                        stack.push(word);
                        i += 1;
                    }
                    Some(b'=') => {
                        if let Some(kind) = stack.last() {
                            seen.insert((kind.to_string(), word.to_string()));
                        }
                        i += 1;
                    }
                    _ => {}
                }
            }
            b')' => {
                stack.pop();
                i += 1;
            }
            _ => i += 1,
        }
    }
}

/// Deep nesting must give an error value (as CPython gives an exception), never overflow the Rust stack.
#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let opts = DumpOptions::default();
    // `None`: parses (too deep for `ast.dump`); else CPython's error: the parser's MemoryError for chains it
    // recurses on, the tokenizer's bracket limit.
    for (src, error) in [
        ("-".repeat(100_000) + "1\n", Some("MemoryError: ")),
        ("not ".repeat(100_000) + "x\n", Some("MemoryError: ")),
        ("x".to_string() + &".a".repeat(100_000) + "\n", None),
        ("1".to_string() + &"+1".repeat(100_000) + "\n", None),
        ("(".repeat(10_000) + "1" + &")".repeat(10_000) + "\n", Some("SyntaxError: too many nested parentheses")),
        ("[".repeat(10_000) + &"]".repeat(10_000) + "\n", Some("SyntaxError: too many nested parentheses")),
    ] {
        let arena = bumpalo::Bump::new();
        match pyfront::parse(&src, Mode::Module, &arena) {
            Ok(tree) => {
                assert_eq!(error, None, "{}", &src[..10]);
                assert!(dump(&tree, opts).is_err(), "deeper than ast.dump allows");
            }
            Err(e) => assert_eq!(Some(format!("{}: {}", e.kind.name(), e.msg).as_str()), error, "{}", &src[..10]),
        }
    }
    // The deepest chain `python3 -m ast` still prints.
    let arena = bumpalo::Bump::new();
    let tree = pyfront::parse(&("-".repeat(985) + "1\n"), Mode::Module, &arena).unwrap_or_else(|e| panic!("{e}"));
    assert!(dump(&tree, opts).is_ok());
}
