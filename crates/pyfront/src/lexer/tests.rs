//! Parser-mode lexer tests: token streams and CPython's tokenizer errors.

use super::*;

fn kinds(src: &str) -> Vec<(TokenKind, &str)> {
    Lexer::new(src).map(|t| t.unwrap()).map(|t| (t.kind, t.text(src))).collect()
}

#[test]
fn simple_stream() {
    use TokenKind::*;
    assert_eq!(
        kinds("if x:\n    y = 1\n"),
        vec![
            (Name, "if"),
            (Name, "x"),
            (Colon, ":"),
            (Newline, "\n"),
            (Indent, "    "),
            (Name, "y"),
            (Equal, "="),
            (Number, "1"),
            (Newline, "\n"),
            (Dedent, ""),
            (EndMarker, ""),
        ]
    );
}

/// Messages the C tokenizer produces (the rest of CPython's errors come from the parser).
const TOKENIZER_MESSAGES: &[&str] = &[
    "unindent does not match",
    "inconsistent use of tabs",
    "too many levels of indentation",
    "unexpected character after line continuation",
    "unexpected EOF while parsing",
    "was never closed",
    "unterminated",
    "invalid character",
    "invalid non-printable",
    "invalid decimal literal",
    "invalid hexadecimal literal",
    "invalid octal literal",
    "invalid binary literal",
    "invalid imaginary literal",
    "invalid digit",
    "leading zeros",
    "unmatched",
    "closing parenthesis",
    "too many nested",
    "null bytes",
];

type Expected = Option<(&'static str, &'static str, u32, i32, u32, i32)>;

/// CPython's verdict on each source, blessed by `scripts/bless_lexer_errors.py`.
static CASES: &[(&str, Expected)] = include!("../../test_data/lexer/errors.rs");

#[test]
fn tokenizer_errors_match_cpython() {
    let mut failures = Vec::new();
    for &(src, expected) in CASES {
        let got = Lexer::tokenize(src).err();
        let got = got.map(|e| (e.kind.name(), e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset));
        let want = expected.filter(|e| TOKENIZER_MESSAGES.iter().any(|m| e.1.contains(m)));
        let want = want.map(|(k, m, l, o, el, eo)| (k, m.to_owned(), l, o, el, eo));
        if got != want {
            failures.push(format!("{src:?}\n   got  {got:?}\n   want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

/// No input makes the lexers panic or loop: random bytes, and every prefix of tricky sources.
/// The line and column a token carries, and the end it computes, agree with a [`LineIndex`] over the source.
fn check_positions(src: &str) {
    let index = LineIndex::new(src);
    for t in Lexer::new(src).map_while(Result::ok) {
        assert_eq!(
            crate::token::LineCol { line: t.line, col: t.col },
            index.line_col(t.start),
            "start of {t:?} in {src:?}"
        );
        assert_eq!(t.end_line_col(src), index.line_col(t.end), "end of {t:?} in {src:?}");
    }
}

#[test]
fn token_positions_agree_with_the_line_index() {
    let cases = [
        "if x:\n    y = 1\n",
        "a = '''x\r\ny\rz\n'''\r\nb\r",
        "if 1:\n  \\\n  x\n",
        "s = 'a\\\r\nb'\n\tt\n",
        "x = (1,\r\n 2)",
        "f(x\\\n)\n# c\r\n\n",
    ];
    for src in cases {
        check_positions(src);
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/test_data");
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "py")
                && let Ok(d) = crate::source::decode(&std::fs::read(&p).unwrap())
            {
                check_positions(&d.text);
            }
        }
    }
}

#[test]
fn no_panic_on_garbage() {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let alphabet: &[&str] = &[
        "'", "\"", "'''", "\\", "\n", "\r", "\t", " ", "\x0c", "(", ")", "[", "}", "#", "0", "1", "x", "_", "e", "j",
        ".", "b", "r", "f", "é", "€", "\u{200b}", "0x", "0o", "0b", "1_", ":", "=", "<>", "!", "$", "\0", "if", "    ",
    ];
    let mut inputs: Vec<String> = Vec::new();
    for _ in 0..3000 {
        let n = (rand() % 40) as usize;
        inputs.push((0..n).map(|_| alphabet[(rand() % alphabet.len() as u64) as usize]).collect());
    }
    for (src, _) in CASES.iter().filter(|(src, _)| src.len() < 300) {
        for (i, _) in src.char_indices() {
            inputs.push(src[..i].to_owned());
        }
    }
    for src in &inputs {
        check_positions(src);
        let n = Lexer::new(src).take(src.len() * 4 + 16).count();
        assert!(n <= src.len() * 4 + 8, "lexer did not stop on {src:?}");
        let _ = tokenize_py(src, None);
        let _ = crate::tokenize::tokenize_file(src.as_bytes(), "f.py", true);
    }
    for _ in 0..2000 {
        let n = (rand() % 64) as usize;
        let bytes: Vec<u8> = (0..n).map(|_| rand() as u8).collect();
        let _ = crate::tokenize::tokenize_file(&bytes, "f.py", false);
        if let Ok(d) = crate::source::decode(&bytes) {
            let _ = Lexer::tokenize(&d.text);
        }
    }
}
