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
