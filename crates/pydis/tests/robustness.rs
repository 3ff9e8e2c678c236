//! Robustness of `pydis`: deep nesting gives `python3 -m dis`'s output and error (blessed from CPython by
//! `scripts/bless_robustness.py`), and bad files, flags and marshal data give an error and a non-zero status, never
//! a panic.

use std::path::Path;
use std::process::Command;

/// The inputs of `scripts/bless_robustness.py` that the dis cases use (the two generators must agree).
fn shape(name: &str, k: usize) -> String {
    let nest = |head: &str| {
        let mut s: String = (0..k).map(|i| format!("{}{head}\n", " ".repeat(i))).collect();
        s.push_str(&" ".repeat(k));
        s.push_str("pass\n");
        s
    };
    match name {
        "lambda" => format!("x = {}1\n", "lambda: ".repeat(k)),
        "unary" => format!("x = {}1\n", "-".repeat(k)),
        "plus" => format!("x = {}\n", vec!["a"; k].join("+")),
        "while" => nest("while x:"),
        "ifstmt" => nest("if x:"),
        "paren" => format!("x = {}1{}\n", "(".repeat(k), ")".repeat(k)),
        "hex" => format!("x = 0x{}\n", "f".repeat(k)),
        "lamdef" => {
            let mut s = "1".to_owned();
            for _ in 0..k {
                s = format!("lambda x={s}: 1");
            }
            format!("x = {s}\n")
        }
        other => panic!("unknown shape {other}"),
    }
}

/// Status, `Disassembly of` headers printed and the last line of stderr, as blessed from CPython.
#[test]
fn nesting_limits_match_cpython() {
    let data = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/robustness_data/limits.txt"))
        .expect("limits.txt");
    let mut cases = 0;
    for line in data.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let parts: Vec<&str> = line.splitn(5, ' ').collect();
        let (name, k, status, headers, last) = (parts[0], parts[1], parts[2], parts[3], parts[4]);
        let out = pydis::cli::dis_source(shape(name, k.parse().unwrap()).as_bytes(), "t.py");
        let got_last = if out.exit_code == 0 {
            "ok"
        } else {
            out.stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("")
        };
        let got = (out.exit_code.to_string(), out.stdout.matches("Disassembly of").count().to_string(), got_last);
        assert_eq!(got, (status.to_owned(), headers.to_owned(), last), "{name} {k}");
        cases += 1;
    }
    assert!(cases >= 10);
}

#[test]
fn nul_bytes_are_a_syntax_error_without_location() {
    let out = pydis::cli::dis_source(b"x = 1\x00\n", "t.py");
    assert_eq!(out.exit_code, 1);
    assert!(out.stderr.ends_with("    code = compile(source, args.infile.name, \"exec\")\n           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\nSyntaxError: source code string cannot contain null bytes\n"), "{}", out.stderr);
}

/// An encoding error is found before tokenizing, at line 0: CPython's traceback names the file at line 0, with no
/// source text (unlike a NUL byte's error, which has no location at all). Checked against python3 -m dis.
#[test]
fn encoding_errors_are_at_line_zero() {
    for (src, msg) in [
        (&b"# -*- coding: uft-8 -*-\nx = 1\n"[..], "unknown encoding: uft-8"),
        (b"\xef\xbb\xbf# coding: latin-1\nx = 1\n", "encoding problem: iso-8859-1 with BOM"),
    ] {
        let out = pydis::cli::dis_source(src, "t.py");
        assert_eq!(out.exit_code, 1);
        let tail = format!("^\n  File \"t.py\", line 0\nSyntaxError: {msg}\n");
        assert!(out.stderr.ends_with(&tail), "{}", out.stderr);
    }
}

/// Runs `pydis ARGS`; returns (status, last line of stderr).
fn pydis(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pydis")).args(args).output().expect("pydis runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").to_owned();
    (out.status.code().unwrap_or(-1), last)
}

/// Truncated, flipped and garbage marshal data: an error and status 1 from the hidden `--marshal`, never a panic.
#[test]
fn bad_marshal_data_is_an_error() {
    let dir = std::env::temp_dir().join(format!("pydis-robustness-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let code = pyopt::compile_source(
        b"def f(a, b=1):\n    return [x for x in a if x > b]\nprint(f('abc'))\n",
        "t.py",
        &pyopt::OptConfig::cpython(),
    )
    .unwrap();
    let good = pyir::marshal::dumps(&code).unwrap();
    let mut inputs: Vec<Vec<u8>> = vec![Vec::new(), b"\xff".to_vec(), b"c".to_vec(), vec![b'('; 100_000]];
    inputs.extend((0..good.len()).step_by(7).map(|n| good[..n].to_vec()));
    for i in (0..good.len()).step_by(11) {
        let mut m = good.clone();
        m[i] ^= 0x5a;
        inputs.push(m);
    }
    let path = dir.join("input.bin");
    let p = path.to_str().unwrap();
    for data in &inputs {
        std::fs::write(&path, data).unwrap();
        let (status, last) = pydis(&["--marshal", p]);
        assert!(status == 0 || status == 1, "status {status} for {data:?}: {last}");
        assert!(!last.contains("panicked"), "{last}");
    }
    std::fs::write(&path, &good).unwrap();
    assert_eq!(pydis(&["--marshal", p]).0, 0);
    // Bad files: argparse's words and status 2.
    let missing = dir.join("missing.py");
    let m = missing.to_str().unwrap();
    assert_eq!(
        pydis(&[m]),
        (2, format!("dis.py: error: argument infile: can't open '{m}': [Errno 2] No such file or directory: '{m}'"))
    );
    let d = dir.to_str().unwrap();
    assert_eq!(
        pydis(&[d]),
        (2, format!("dis.py: error: argument infile: can't open '{d}': [Errno 21] Is a directory: '{d}'"))
    );
    assert_eq!(pydis(&["--bogus", p]), (2, "dis.py: error: unrecognized arguments: --bogus".to_owned()));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A module of very many lines: each instruction's line start is looked up in constant time (a search per
/// instruction made 10^6 lines take minutes where CPython takes seconds).
#[test]
fn many_lines() {
    let n = 50_000;
    let out = pydis::cli::dis_source("x = 1\n".repeat(n).as_bytes(), "t.py");
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.matches("STORE_NAME").count(), n);
    assert!(out.stdout.contains(&format!("\n{n}        {} LOAD_CONST", 4 * n - 2)), "line starts are found");
}
