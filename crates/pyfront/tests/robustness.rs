//! Robustness: inputs that once crashed, hung or drew other words than CPython's (found by `scripts/sweep.py` and
//! the fuzz targets in `fuzz/`) give CPython's error and status, run on the default test thread's stack (small in
//! debug builds) so that a recursion without a guard shows as a stack overflow here.

use std::path::Path;
use std::process::{Command, Stdio};

use pyfront::dump::{DumpOptions, dump};
use pyfront::{Mode, ParseOptions, parse_file_with};

/// What `python3 -m ast FILE` ends with: `ok` when it prints the tree, else the last line of its traceback.
fn ast_last_line(src: &[u8]) -> String {
    let arena = bumpalo::Bump::new();
    match parse_file_with(src, &arena, &ParseOptions { mode: Mode::Module, type_comments: true }) {
        Ok(tree) => match dump(&tree, DumpOptions::default()) {
            Ok(_) => "ok".to_owned(),
            Err(e) => e.to_string(),
        },
        // An exception without a message prints as its class alone.
        Err(e) if e.msg.is_empty() => e.kind.name().to_owned(),
        Err(e) => format!("{}: {}", e.kind.name(), e.msg),
    }
}

/// The inputs of `scripts/bless_robustness.py`, shape by shape (the two generators must agree).
fn shape(name: &str, k: usize) -> String {
    match name {
        "unary" => format!("x = {}1\n", "-".repeat(k)),
        "not" => format!("x = {}1\n", "not ".repeat(k)),
        "plus" => format!("x = {}\n", vec!["a"; k].join("+")),
        "attr" => format!("x = {}\n", vec!["a"; k].join(".")),
        "call" => format!("x = a{}\n", "()".repeat(k)),
        "sub" => format!("x = a{}\n", "[0]".repeat(k)),
        "lambda" => format!("x = {}1\n", "lambda: ".repeat(k)),
        "ifexp" => format!("x = {}1\n", "1 if a else ".repeat(k)),
        "power" => format!("x = {}\n", vec!["2"; k].join("**")),
        "lamdef" => {
            let mut s = "1".to_owned();
            for _ in 0..k {
                s = format!("lambda x={s}: 1");
            }
            format!("x = {s}\n")
        }
        "listcomp" => format!("x = {}b{}\n", "[a for a in ".repeat(k), "]".repeat(k)),
        "paren" => format!("x = {}1{}\n", "(".repeat(k), ")".repeat(k)),
        "hex" => format!("x = 0x{}\n", "f".repeat(k)),
        "list" => format!("x = {}{}\n", "[".repeat(k), "]".repeat(k)),
        "ifstmt" => {
            let mut s: String = (0..k).map(|i| format!("{}if x:\n", " ".repeat(i))).collect();
            s.push_str(&" ".repeat(k));
            s.push_str("pass\n");
            s
        }
        other => panic!("unknown shape {other}"),
    }
}

/// Deep nesting at and around every limit: the parser's, the AST conversion's and `ast.dump`'s recursion, each with
/// CPython's words (which depend on the operation that runs out of depth), as blessed from CPython.
#[test]
fn nesting_limits_match_cpython() {
    let data = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/robustness_data/limits.txt"))
        .expect("limits.txt");
    let mut failures = Vec::new();
    let mut cases = 0;
    for line in data.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let mut parts = line.splitn(3, ' ');
        let (name, k, expected) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap_or(""));
        let k: usize = k.parse().unwrap();
        let got = ast_last_line(shape(name, k).as_bytes());
        cases += 1;
        if got != expected {
            failures.push(format!("{name} {k}:\n  ours    {got}\n  CPython {expected}"));
        }
    }
    assert!(cases > 80, "limits.txt has {cases} cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Far beyond every limit: an error value, never a stack overflow, in every mode.
#[test]
fn huge_nesting_is_an_error_not_a_crash() {
    // CPython's parser recurses on these and gives up; it reads the others in loops, and the AST conversion
    // runs out of depth.
    for name in ["unary", "not", "lambda", "ifexp", "power"] {
        assert_eq!(ast_last_line(shape(name, 100_000).as_bytes()), "MemoryError", "{name}");
    }
    for name in ["plus", "attr", "call", "sub"] {
        let got = ast_last_line(shape(name, 100_000).as_bytes());
        assert!(got.starts_with("RecursionError"), "{name}: {got}");
    }
    for name in ["paren", "list"] {
        assert_eq!(ast_last_line(shape(name, 100_000).as_bytes()), "SyntaxError: too many nested parentheses");
    }
    let arena = bumpalo::Bump::new();
    let src = shape("unary", 100_000);
    assert!(pyfront::parse_file(src.as_bytes(), Mode::Expression, &arena).is_err());
}

/// Inputs whose words CPython's `compile()` decides before parsing.
#[test]
fn compile_errors_before_parsing() {
    for (src, expected) in [
        (&b"x = 1\x00\n"[..], "SyntaxError: source code string cannot contain null bytes"),
        (b"x = '\x00'\n", "SyntaxError: source code string cannot contain null bytes"),
        (b"\x00", "SyntaxError: source code string cannot contain null bytes"),
        (b"", "ok"),
    ] {
        assert_eq!(ast_last_line(src), expected, "{src:?}");
    }
}

/// One f-string literal with very many replacement fields: each field's location is found in time proportional
/// to the text since the previous field (this took minutes with 10^5 fields; CPython takes a second).
#[test]
fn many_fstring_fields() {
    let src = format!("x = f'{}'\ny = f'''{}'''\n", "{a}".repeat(20_000), "{a}\n".repeat(20_000));
    assert_eq!(ast_last_line(src.as_bytes()), "ok");
}

/// A missing comma after deeply bracketed elements: the diagnosis names each bracketed atom by its inner expression,
/// which must be computed once per position (it took time doubling with each level: minutes at 30, found by the
/// parser fuzzer).
#[test]
fn nested_brackets_before_a_missing_comma() {
    for (open, close) in [("(", ")"), ("[", "]"), ("f(", ")"), ("{", "}")] {
        let src = format!("a = [{}x{} y]\n", open.repeat(40), close.repeat(40));
        assert_eq!(ast_last_line(src.as_bytes()), "SyntaxError: invalid syntax. Perhaps you forgot a comma?", "{open}");
    }
}

/// Runs `pyfront ARGS` with `stdin` as its input; returns (status, stdout, last line of stderr).
fn pyfront(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyfront"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pyfront runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").to_owned();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), last)
}

/// `pyfront ast` fails on bad arguments and files as `python3 -m ast`'s argparse does (status 2, its words).
#[test]
fn ast_cli_arguments() {
    let dir = std::env::temp_dir().join(format!("pyfront-robustness-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ok = dir.join("ok.py");
    std::fs::write(&ok, "x = 1\n").unwrap();
    let ok = ok.to_str().unwrap();
    let missing = dir.join("missing.py");
    let missing = missing.to_str().unwrap();
    let d = dir.to_str().unwrap();
    let cases: Vec<(Vec<&str>, i32, String)> = vec![
        (vec!["-x", ok], 2, "python -m ast: error: unrecognized arguments: -x".into()),
        (vec!["--bogus", ok], 2, "python -m ast: error: unrecognized arguments: --bogus".into()),
        (vec![ok, ok], 2, format!("python -m ast: error: unrecognized arguments: {ok}")),
        (vec!["-i", "zz", ok], 2, "python -m ast: error: argument -i/--indent: invalid int value: 'zz'".into()),
        (vec!["-i"], 2, "python -m ast: error: argument -i/--indent: expected one argument".into()),
        (
            vec!["-m", "bogus", ok],
            2,
            "python -m ast: error: argument -m/--mode: invalid choice: 'bogus' (choose from 'exec', 'single', \
             'eval', 'func_type')"
                .into(),
        ),
        (
            vec!["--i", "3", ok],
            2,
            "python -m ast: error: ambiguous option: --i could match --include-attributes, --indent".into(),
        ),
        (
            vec![missing],
            2,
            format!(
                "python -m ast: error: argument infile: can't open '{missing}': [Errno 2] No such file or directory: \
                 '{missing}'"
            ),
        ),
        (
            vec![d],
            2,
            format!("python -m ast: error: argument infile: can't open '{d}': [Errno 21] Is a directory: '{d}'"),
        ),
        (vec!["--inc", "--no-type", "--ind=1", ok], 0, String::new()),
    ];
    for (args, status, last) in cases {
        let (got_status, _, got_last) =
            pyfront(&["ast"].into_iter().chain(args.iter().copied()).collect::<Vec<_>>(), b"");
        assert_eq!((got_status, got_last.as_str()), (status, last.as_str()), "{args:?}");
    }
    // No file (or `-`): the source comes from stdin, named `<stdin>`.
    let (status, out, _) = pyfront(&["ast"], b"x = 1\n");
    assert_eq!(status, 0);
    assert!(out.starts_with("Module(\n   body=[\n      Assign("), "{out}");
    let (status, _, last) = pyfront(&["ast", "-"], b"x = (\n");
    assert_eq!((status, last.as_str()), (1, "SyntaxError: '(' was never closed"));
    let (status, _, last) = pyfront(&["ast"], b"x = 1\x00\n");
    assert_eq!((status, last.as_str()), (1, "SyntaxError: source code string cannot contain null bytes"));
    std::fs::remove_dir_all(&dir).unwrap();
}
