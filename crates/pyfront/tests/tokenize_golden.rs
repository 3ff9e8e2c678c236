//! Golden tests for `pyfront tokenize -e`: every `test_data/tokenize/NNNN_name.py` against the
//! output CPython 3.11 gave for it.
//!
//! Stage commands (how each sibling file is blessed, from the file's directory, file named
//! relatively; `test_data/tokenize/bless.sh` runs them all):
//!   NNNN_name.tokens  <-  `python3 -m tokenize -e NNNN_name.py` (stdout, when it succeeds)
//!   NNNN_name.err     <-  the last line of its stderr (when it fails)
//!
//! Every input is also run through the parser-facing `Lexer`, checking its invariants: no panic,
//! token ranges in bounds, on char boundaries and increasing, exactly one ENDMARKER, at the end.

use std::path::{Path, PathBuf};

use pyfront::lexer::Lexer;
use pyfront::token::TokenKind;

fn inputs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/tokenize");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .expect("test_data/tokenize exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    v.sort();
    v
}

/// Checks the parser-facing stream of `src`'s invariants; returns whether it lexed cleanly.
fn check_lexer_invariants(name: &str, src: &str) -> bool {
    let mut last_end = 0u32;
    let mut saw_end = false;
    for t in Lexer::new(src) {
        let Ok(t) = t else { return false };
        assert!(!saw_end, "{name}: token after ENDMARKER");
        assert!(t.start <= t.end && t.end as usize <= src.len(), "{name}: {t:?} out of bounds");
        assert!(src.is_char_boundary(t.start as usize) && src.is_char_boundary(t.end as usize), "{name}: {t:?}");
        assert!(t.start >= last_end, "{name}: {t:?} starts before the previous token ends ({last_end})");
        last_end = t.end;
        saw_end = t.kind == TokenKind::EndMarker;
    }
    assert!(saw_end, "{name}: no ENDMARKER");
    true
}

#[test]
fn tokenize_goldens() {
    let mut failures = Vec::new();
    let files = inputs();
    assert!(files.len() >= 30, "expected the golden inputs, found {}", files.len());
    for py in &files {
        let name = py.file_name().and_then(|n| n.to_str()).expect("utf-8 file name");
        let bytes = std::fs::read(py).expect("readable input");
        let got = pyfront::tokenize::tokenize_file(&bytes, name, true);
        let tokens = py.with_extension("tokens");
        let err = py.with_extension("err");
        let ok = match (&got, tokens.exists()) {
            (Ok(out), true) => *out == std::fs::read_to_string(&tokens).expect("readable .tokens"),
            (Err(msg), false) => {
                msg.trim_end() == std::fs::read_to_string(&err).expect("a .tokens or .err sibling").trim_end()
            }
            _ => false,
        };
        if !ok {
            failures.push(format!("{name}: got {got:?}"));
        }
        if let Ok(d) = pyfront::source::decode(&bytes) {
            check_lexer_invariants(name, &d.text);
        }
    }
    assert!(failures.is_empty(), "{} of {} goldens differ:\n{}", failures.len(), files.len(), failures.join("\n"));
}
