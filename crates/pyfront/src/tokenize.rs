//! `python3 -m tokenize [-e]`'s output: the token table, Python's `repr` of each token's text,
//! and its error messages.

use std::fmt::Write as _;

use crate::lexer::{PyToken, TokenizeError, tokenize_py};
use crate::source;

/// Tokenizes a file's bytes and renders what `python3 -m tokenize [-e] FILE` prints: `Ok(stdout)`,
/// or `Err(stderr)` when it fails (it then prints nothing on stdout and exits with status 1).
pub fn tokenize_file(bytes: &[u8], filename: &str, exact: bool) -> Result<String, String> {
    let decoded = source::decode(bytes).map_err(|e| format!("{filename}: error: {}\n", e.msg))?;
    let tokens = tokenize_py(&decoded.text, Some(&decoded.encoding)).map_err(|e| match e {
        TokenizeError::Indentation { msg, line, col } | TokenizeError::Token { msg, line, col } => {
            format!("{filename}:{line}:{col}: error: {msg}\n")
        }
    })?;
    Ok(format_tokens(&tokens, exact))
}

/// One line per token: `"%-20s%-15s%-15r" % (range, type name, text)`.
pub fn format_tokens(tokens: &[PyToken<'_>], exact: bool) -> String {
    let mut out = String::with_capacity(tokens.len() * 48);
    let mut field = String::new();
    for t in tokens {
        field.clear();
        let _ = write!(field, "{},{}-{},{}:", t.start.0, t.start.1, t.end.0, t.end.1);
        pad(&mut out, &field, 20);
        let kind = if exact { t.kind } else { t.kind.generic() };
        pad(&mut out, kind.name(), 15);
        field.clear();
        crate::repr::write_str_repr(&mut field, t.text);
        pad(&mut out, &field, 15);
        out.push('\n');
    }
    out
}

/// `%-Ns`: left-justified in `width` characters.
fn pad(out: &mut String, s: &str, width: usize) {
    out.push_str(s);
    let n = s.chars().count();
    for _ in n..width {
        out.push(' ');
    }
}
