//! The command-line goldens: each `test_data/cli/NNNN.cmd` (a subcommand and its arguments on the first line, the
//! standard input after it) run as `pyfront <subcommand> <arguments>` must print what `python3 -m <subcommand>`
//! printed (`.out`, `.err`) and return its status (`.rc`). Blessed by `scripts/bless_cli.py`.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

#[test]
fn cli_goldens() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data").join("cli");
    let mut cmds: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "cmd"))
        .collect();
    cmds.sort();
    assert!(!cmds.is_empty());
    let mut failures = Vec::new();
    for cmd in &cmds {
        let text = std::fs::read(cmd).unwrap_or_default();
        let split = text.iter().position(|&b| b == b'\n').unwrap_or(text.len());
        let line = String::from_utf8_lossy(&text[..split]).into_owned();
        let stdin = text.get(split + 1..).unwrap_or_default();
        let mut child = Command::new(env!("CARGO_BIN_EXE_pyfront"))
            .args(line.split_whitespace())
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("pyfront: {e}"));
        if let Some(mut input) = child.stdin.take() {
            // The command may exit without reading its input (a usage error): a broken pipe is no failure.
            let _ = input.write_all(stdin);
        }
        let out = child.wait_with_output().unwrap_or_else(|e| panic!("pyfront: {e}"));
        let read = |ext: &str| std::fs::read(cmd.with_extension(ext)).unwrap_or_default();
        let rc = format!("{}\n", out.status.code().unwrap_or(-1));
        let got = [out.stdout.as_slice(), out.stderr.as_slice(), rc.as_bytes()];
        let want = [read("out"), read("err"), read("rc")];
        for ((what, got), want) in ["stdout", "stderr", "status"].iter().zip(got).zip(&want) {
            if got != want.as_slice() {
                failures.push(format!(
                    "{} (pyfront {line}): {what} differs\n--- expected\n{}\n--- got\n{}",
                    cmd.display(),
                    String::from_utf8_lossy(want),
                    String::from_utf8_lossy(got)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} CLI goldens differ:\n{}", failures.len(), cmds.len(), failures.join("\n"));
}
