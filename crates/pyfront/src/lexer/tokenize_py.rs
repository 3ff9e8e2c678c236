//! `Lib/tokenize.py`'s token stream, which `python3 -m tokenize` prints: a line-at-a-time
//! tokenizer whose regex alternation order, error tokens and synthesized tokens we reproduce.
//!
//! Lines are split at `\n` only, as `readline` on a binary file splits them, and positions are
//! (line, character column) pairs, which can point past a line (the synthesized final NEWLINE).

use super::raw::{self, Raw};
use crate::token::{TokenKind, char_count};

/// A token as `tokenize.TokenInfo` has it: exact kind, text, and (line, character column) start
/// and end. `kind` is the exact type (`-e`); [`TokenKind::generic`] gives the plain type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PyToken<'s> {
    pub kind: TokenKind,
    pub text: &'s str,
    pub start: (u32, u32),
    pub end: (u32, u32),
}

/// Why `tokenize` gave up: `IndentationError` and `TokenError` carry a (line, column) location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenizeError {
    Indentation { msg: &'static str, line: u32, col: u32 },
    Token { msg: &'static str, line: u32, col: u32 },
}

/// A string that spans lines: where it started and how its end is recognized.
#[derive(Clone, Copy)]
struct ContStr {
    /// Byte offset of the string's first character in the source.
    start: usize,
    pos: (u32, u32),
    quote: u8,
    triple: bool,
}

/// Python's `str.isspace()`: Unicode White_Space plus the ASCII separators \x1c..\x1f.
fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

struct Line<'s> {
    text: &'s str,
    /// Byte offset of the line in the source.
    offset: usize,
    ascii: bool,
}

impl Line<'_> {
    /// Character column of byte `b` of the line.
    fn col(&self, b: usize) -> u32 {
        if self.ascii { b as u32 } else { char_count(&self.text.as_bytes()[..b]) as u32 }
    }
}

/// Tokenizes `src` as `tokenize.tokenize` does; `encoding` (the detected source encoding) becomes
/// the leading ENCODING token when given, as it is for files.
pub fn tokenize_py<'s>(src: &'s str, encoding: Option<&'s str>) -> Result<Vec<PyToken<'s>>, TokenizeError> {
    let mut out = Vec::with_capacity(src.len() / 4 + 8);
    tokenize_py_into(src, encoding, &mut out)?;
    Ok(out)
}

/// [`tokenize_py`] appending to `out`, which on an error holds the tokens made before it (what `tokenize.py`'s
/// generator has yielded by then).
pub fn tokenize_py_into<'s>(
    src: &'s str,
    encoding: Option<&'s str>,
    out: &mut Vec<PyToken<'s>>,
) -> Result<(), TokenizeError> {
    if let Some(enc) = encoding {
        out.push(PyToken { kind: TokenKind::Encoding, text: enc, start: (0, 0), end: (0, 0) });
    }
    let mut lines = src.split_inclusive('\n');
    let mut offset = 0usize;
    let mut lnum = 0u32;
    let mut parenlev = 0i64;
    let mut continued = false;
    let mut indents: Vec<u32> = vec![0];
    let mut contstr: Option<ContStr> = None;
    // Set by a single-quoted string continued with backslash-newline: then a line without one
    // ends the string as an ERRORTOKEN. Like tokenize.py's `needcont`, only a string that closes
    // resets it, so it can outlive its string and apply to a later triple-quoted one.
    let mut needcont = false;
    let mut last_line: &str;
    let mut line_text: &str = "";
    loop {
        last_line = std::mem::replace(&mut line_text, lines.next().unwrap_or(""));
        let line = Line { text: line_text, offset, ascii: line_text.is_ascii() };
        offset += line_text.len();
        lnum += 1;
        let bytes = line.text.as_bytes();
        let max = bytes.len();
        let mut pos = 0usize;

        if let Some(cs) = contstr {
            if max == 0 {
                return Err(TokenizeError::Token { msg: "EOF in multi-line string", line: cs.pos.0, col: cs.pos.1 });
            }
            if let Some(end) = raw::scan_string_line(bytes, 0, cs.quote, cs.triple) {
                pos = end;
                out.push(PyToken {
                    kind: TokenKind::String,
                    text: &src[cs.start..line.offset + end],
                    start: cs.pos,
                    end: (lnum, line.col(end)),
                });
                contstr = None;
                needcont = false;
            } else if needcont && !line.text.ends_with("\\\n") && !line.text.ends_with("\\\r\n") {
                out.push(PyToken {
                    kind: TokenKind::ErrorToken,
                    text: &src[cs.start..line.offset + max],
                    start: cs.pos,
                    end: (lnum, line.col(max)),
                });
                contstr = None;
                continue;
            } else {
                continue;
            }
        } else if parenlev == 0 && !continued {
            if max == 0 {
                break;
            }
            let mut column = 0u32;
            while pos < max {
                match bytes[pos] {
                    b' ' => column += 1,
                    b'\t' => column = (column / 8 + 1) * 8,
                    b'\x0c' => column = 0,
                    _ => break,
                }
                pos += 1;
            }
            if pos == max {
                break;
            }
            if matches!(bytes[pos], b'#' | b'\r' | b'\n') {
                if bytes[pos] == b'#' {
                    let comment = line.text[pos..].trim_end_matches(['\r', '\n']);
                    let end = pos + comment.len();
                    out.push(PyToken {
                        kind: TokenKind::Comment,
                        text: comment,
                        start: (lnum, line.col(pos)),
                        end: (lnum, line.col(end)),
                    });
                    pos = end;
                }
                out.push(PyToken {
                    kind: TokenKind::Nl,
                    text: &line.text[pos..],
                    start: (lnum, line.col(pos)),
                    end: (lnum, line.col(max)),
                });
                continue;
            }
            if column > *indents.last().unwrap_or(&0) {
                indents.push(column);
                out.push(PyToken {
                    kind: TokenKind::Indent,
                    text: &line.text[..pos],
                    start: (lnum, 0),
                    end: (lnum, line.col(pos)),
                });
            }
            while column < *indents.last().unwrap_or(&0) {
                if !indents.contains(&column) {
                    return Err(TokenizeError::Indentation {
                        msg: "unindent does not match any outer indentation level",
                        line: lnum,
                        col: line.col(pos),
                    });
                }
                indents.pop();
                let p = (lnum, line.col(pos));
                out.push(PyToken { kind: TokenKind::Dedent, text: "", start: p, end: p });
            }
        } else {
            if max == 0 {
                return Err(TokenizeError::Token { msg: "EOF in multi-line statement", line: lnum, col: 0 });
            }
            continued = false;
        }

        while pos < max {
            let mut start = pos;
            while start < max && matches!(bytes[start], b' ' | b'\t' | b'\x0c') {
                start += 1;
            }
            if start == max {
                // `\Z` matches the end of a last line that has no newline.
                pos = max;
                continue;
            }
            let tok = |kind: TokenKind, end: usize| PyToken {
                kind,
                text: &line.text[start..end],
                start: (lnum, line.col(start)),
                end: (lnum, line.col(end)),
            };
            let rest = &line.text[start..];
            let mut matched = None;
            match raw::raw_at(rest) {
                Some((Raw::Backslash, _)) => {
                    if rest.starts_with("\\\n") || rest.starts_with("\\\r\n") {
                        continued = true;
                        matched = Some(start + if bytes[start + 1] == b'\n' { 2 } else { 3 });
                    }
                }
                Some((Raw::Comment, n)) => {
                    out.push(tok(TokenKind::Comment, start + n));
                    matched = Some(start + n);
                }
                Some((Raw::Number, n)) => {
                    out.push(tok(TokenKind::Number, start + n));
                    matched = Some(start + n);
                }
                Some((Raw::Newline, n)) => {
                    out.push(tok(if parenlev > 0 { TokenKind::Nl } else { TokenKind::Newline }, start + n));
                    matched = Some(start + n);
                }
                Some((Raw::Lpar | Raw::Lsqb | Raw::Lbrace, n)) => {
                    parenlev += 1;
                    out.push(tok(raw::operator_kind(&rest[..n]), start + n));
                    matched = Some(start + n);
                }
                Some((Raw::Rpar | Raw::Rsqb | Raw::Rbrace, n)) => {
                    parenlev -= 1;
                    out.push(tok(raw::operator_kind(&rest[..n]), start + n));
                    matched = Some(start + n);
                }
                Some((Raw::Operator(kind), n)) => {
                    out.push(tok(kind, start + n));
                    matched = Some(start + n);
                }
                Some((Raw::StringStart, n)) => {
                    let open = start + n;
                    let quote = bytes[open - 1];
                    if bytes.get(open) == Some(&quote) && bytes.get(open + 1) == Some(&quote) {
                        match raw::scan_string_line(bytes, open + 2, quote, true) {
                            Some(end) => {
                                out.push(tok(TokenKind::String, end));
                                matched = Some(end);
                            }
                            None => {
                                contstr = Some(ContStr {
                                    start: line.offset + start,
                                    pos: (lnum, line.col(start)),
                                    quote,
                                    triple: true,
                                });
                                break;
                            }
                        }
                    } else {
                        match raw::scan_contstr(bytes, open, quote) {
                            Some((end, false)) => {
                                out.push(tok(TokenKind::String, end));
                                matched = Some(end);
                            }
                            Some((_, true)) => {
                                contstr = Some(ContStr {
                                    start: line.offset + start,
                                    pos: (lnum, line.col(start)),
                                    quote,
                                    triple: false,
                                });
                                needcont = true;
                                break;
                            }
                            None if n > 1 => {
                                // An unterminated string: its prefix letters are a name.
                                let end = raw::word_end(line.text, start);
                                out.push(tok(TokenKind::Name, end));
                                matched = Some(end);
                            }
                            None => {}
                        }
                    }
                }
                Some((Raw::Name, n)) => {
                    let end = raw::word_end(line.text, start + n);
                    out.push(tok(TokenKind::Name, end));
                    matched = Some(end);
                }
                Some((Raw::Whitespace | Raw::Cr, _)) => {}
                None => {
                    if let Some(c) = rest.chars().next()
                        && raw::is_word(c)
                    {
                        let end = raw::word_end(line.text, start);
                        // tokenize.py calls a `\w+` run that cannot start an identifier an OP.
                        let kind = if raw::is_xid_start(c) { TokenKind::Name } else { TokenKind::Op };
                        out.push(tok(kind, end));
                        matched = Some(end);
                    }
                }
            }
            match matched {
                Some(end) => pos = end,
                None => {
                    // No pattern matches: the character at `pos` (maybe the whitespace before
                    // the culprit) is an ERRORTOKEN of its own.
                    let n = line.text[pos..].chars().next().map_or(1, char::len_utf8);
                    out.push(PyToken {
                        kind: TokenKind::ErrorToken,
                        text: &line.text[pos..pos + n],
                        start: (lnum, line.col(pos)),
                        end: (lnum, line.col(pos) + 1),
                    });
                    pos += n;
                }
            }
        }
    }

    if let Some(last) = last_line.chars().last()
        && last != '\r'
        && last != '\n'
        && !last_line.trim_matches(py_isspace).starts_with('#')
    {
        let len = char_count(last_line.as_bytes()) as u32;
        out.push(PyToken { kind: TokenKind::Newline, text: "", start: (lnum - 1, len), end: (lnum - 1, len + 1) });
    }
    for _ in 1..indents.len() {
        out.push(PyToken { kind: TokenKind::Dedent, text: "", start: (lnum, 0), end: (lnum, 0) });
    }
    out.push(PyToken { kind: TokenKind::EndMarker, text: "", start: (lnum, 0), end: (lnum, 0) });
    Ok(())
}
