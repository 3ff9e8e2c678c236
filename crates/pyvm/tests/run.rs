//! Runs every program in `test_data/run` and compares stdout, stderr and exit status with CPython's (blessed by
//! `test_data/bless.py` / `cargo xtask golden --bless`). Programs run twice: compiled by our compiler from source, and
//! from CPython's own marshal'd code objects (`.bin`), so a VM bug and a compiler bug can be told apart.
//! Files failing today are listed in `test_data/known_failures.txt`; the test fails on any other failure and says
//! when a listed file starts passing.

use std::path::{Path, PathBuf};

fn normalize(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(b);
    // Memory addresses differ between runs and implementations.
    let mut out = String::with_capacity(s.len());
    let mut rest = &*s;
    while let Some(i) = rest.find(" at 0x") {
        out.push_str(&rest[..i + 6]);
        rest = &rest[i + 6..];
        let n = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
        out.push('0');
        rest = &rest[n..];
    }
    out.push_str(rest);
    out
}

fn expected(stem: &Path) -> (String, String, i32) {
    let read = |ext: &str| std::fs::read(stem.with_extension(ext)).ok();
    let out = normalize(&read("out").unwrap_or_default());
    let err = normalize(&read("err").unwrap_or_default());
    let exit = read("exit").map(|b| String::from_utf8_lossy(&b).trim().parse().unwrap_or(-1)).unwrap_or(0);
    (out, err, exit)
}

fn programs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            n.ends_with(".py") && n.len() > 5 && n[..4].bytes().all(|b| b.is_ascii_digit()) && &n[4..5] == "_"
        })
        .collect();
    v.sort();
    v
}

fn check(mode: &str, run: impl Fn(&Path, &str) -> pyvm::RunResult + Send + Sync + 'static) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data");
    let dir = root.join("run");
    let known: Vec<String> = std::fs::read_to_string(root.join("known_failures.txt"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect();
    let progs = programs(&dir);
    let run = std::sync::Arc::new(run);
    let mut failures = Vec::new();
    let mut passed = 0;
    for p in &progs {
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        let (p2, n2, run2) = (p.clone(), name.clone(), run.clone());
        let got = pyvm::with_big_stack(move || run2(&p2, &n2)).expect("vm thread");
        let want = expected(&p.with_extension(""));
        let ok = normalize(&got.stdout) == want.0 && normalize(&got.stderr) == want.1 && got.exit_code == want.2;
        if ok {
            passed += 1;
        } else {
            failures.push((name, got, want));
        }
    }
    println!("{mode}: {passed} passed, {} failed of {}", failures.len(), progs.len());
    let mut unexpected = Vec::new();
    for (name, got, want) in &failures {
        let key = format!("{mode} {name}");
        if !known.contains(&key) {
            unexpected.push(key.clone());
            println!(
                "--- {key}\nexpected stdout:\n{}\nours:\n{}\nexpected stderr:\n{}\nours:\n{}\nexit {} vs {}",
                want.0,
                normalize(&got.stdout),
                want.1,
                normalize(&got.stderr),
                want.2,
                got.exit_code
            );
        }
    }
    let fixed: Vec<&String> = known
        .iter()
        .filter(|k| {
            k.starts_with(&format!("{mode} ")) && !failures.iter().any(|(n, _, _)| **k == format!("{mode} {n}"))
        })
        .collect();
    assert!(unexpected.is_empty(), "unexpected failures: {unexpected:?}");
    assert!(fixed.is_empty(), "now passing, remove from known_failures.txt: {fixed:?}");
}

fn config(dir: &Path) -> pyvm::RunConfig {
    pyvm::RunConfig { capture: true, source_dir: Some(dir.to_path_buf()), stdout_surrogateescape: false }
}

#[test]
fn run_from_source() {
    check("source", |p, name| {
        let src = std::fs::read(p).unwrap();
        pyvm::run_source(&src, name, &config(p.parent().unwrap()))
    });
}

#[test]
fn run_from_cpython_marshal() {
    check("marshal", |p, _| {
        let bin = std::fs::read(p.with_extension("bin")).expect("run test_data/bless.py to make the .bin files");
        let code = pyvm::load_marshal(&bin).expect("marshal data");
        pyvm::run_code(code, &config(p.parent().unwrap())).expect("run")
    });
}
