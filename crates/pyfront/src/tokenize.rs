//! `python3 -m tokenize [-e]`'s output: the token table, Python's `repr` of each token's text,
//! and its error messages.

use std::fmt::Write as _;

use crate::lexer::{PyToken, TokenizeError, tokenize_py, tokenize_py_into};
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

/// What `python3 -m tokenize [-e]` prints for standard input, read as UTF-8 text: no ENCODING token, no coding
/// declaration, no newline translation, and the tokens are printed as they come, so an error follows those made
/// before it. Returns stdout and, on failure, stderr.
pub fn tokenize_stdin(bytes: &[u8], exact: bool) -> (String, Option<String>) {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            // Python reads stdin with `surrogateescape`, turning such bytes into lone surrogates, which our
            // tokens (Rust `str` slices) cannot hold: refuse plainly rather than print something else.
            let at = e.valid_up_to();
            let msg = format!(
                "<stdin>: error: byte 0x{:02x} at position {at} is not UTF-8; undecodable standard input is not \
                 supported (pass the file's name instead)\n",
                bytes[at]
            );
            return (String::new(), Some(msg));
        }
    };
    let mut tokens = Vec::new();
    let err = tokenize_py_into(text, None, &mut tokens).err().map(|e| match e {
        TokenizeError::Indentation { msg, line, col } | TokenizeError::Token { msg, line, col } => {
            format!("<stdin>:{line}:{col}: error: {msg}\n")
        }
    });
    (format_tokens(&tokens, exact), err)
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
