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
        py_repr(t.text, &mut field);
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

/// Python's `repr()` of a str: single quotes unless the text has a single quote and no double
/// quote; `\\`, the quote, `\t`, `\n`, `\r` escaped; other characters `str.isprintable()` rejects
/// as `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.
pub fn py_repr(s: &str, out: &mut String) {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if crate::lexer::is_printable(c) => out.push(c),
            c if (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push(quote);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_matches_python() {
        let cases = [
            ("abc", "'abc'"),
            ("it's", "\"it's\""),
            ("'\"", "'\\'\"'"),
            ("a\\b\n\t\r", "'a\\\\b\\n\\t\\r'"),
            ("\x0c\x00\u{7f}", "'\\x0c\\x00\\x7f'"),
            ("é€\u{200b}\u{a0}", "'é€\\u200b\\xa0'"),
            ("\u{e0001}", "'\\U000e0001'"),
        ];
        for (s, want) in cases {
            let mut got = String::new();
            py_repr(s, &mut got);
            assert_eq!(got, want, "repr of {s:?}");
        }
    }
}
