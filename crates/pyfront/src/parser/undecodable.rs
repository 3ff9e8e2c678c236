//! Source bytes that are not UTF-8, reported where `compile()` reports them: CPython decodes UTF-8 source token by
//! token, so such bytes in a comment are no error, in a name the tokenizer stops with a "(unicode error)" at the
//! name's end, and in a string literal the parser does when it builds the string, at the token after the string.
//! The text parsed is the source with each invalid sequence replaced by U+FFFD; the first token holding one is
//! then reported unless the parse failed earlier.

use bumpalo::Bump;

use super::{Mode, parse_with};
use crate::ast::Mod;
use crate::error::SyntaxError;
use crate::lexer::Lexer;
use crate::source::{CompileSource, utf8_error, utf8_error_message};
use crate::token::{LineIndex, TokenKind};

/// Parses `cs` (decoded from `body`, the source bytes after any BOM), whose text has replacements.
pub(super) fn parse<'a>(
    body: &[u8],
    cs: &CompileSource,
    mode: Mode,
    arena: &'a Bump,
    type_comments: bool,
) -> Result<Mod<'a>, SyntaxError> {
    let parsed = parse_with(&cs.text, mode, arena, !cs.declared, type_comments).map_err(|e| raw_columns(e, cs));
    let Some((bad, line, col)) = first_bad_token(body, cs) else { return parsed };
    match parsed {
        Ok(_) => Err(bad),
        // A syntax error before the token is met first; one about the replacement character is the token's.
        Err(e) if !e.msg.contains("U+FFFD") && (e.lineno < line || e.lineno == line && e.offset <= col) => Err(e),
        Err(_) => Err(bad),
    }
}

/// An error of the parse of the replaced text with its byte columns counted in the source bytes (each U+FFFD
/// stands for the bytes it replaced).
fn raw_columns(mut e: SyntaxError, cs: &CompileSource) -> SyntaxError {
    if cs.declared || e.lineno == 0 {
        return e;
    }
    let index = LineIndex::new(&cs.text);
    let fix = |line: u32, offset: i32| -> i32 {
        if offset < 1 || line == 0 || line as usize > index.line_count() {
            return offset;
        }
        let start = index.line_start(line);
        let at = start + offset as u32 - 1;
        let delta: i32 = cs.replaced.iter().filter(|r| r.0 >= start && r.0 < at).map(|r| 3 - r.2 as i32).sum();
        offset - delta
    };
    e.offset = fix(e.lineno, e.offset);
    e.end_offset = fix(e.end_lineno, e.end_offset);
    e
}

/// The error for the first token of `cs` that holds an invalid sequence, with the line and 1-based column (as
/// the parse counts them) where the token starts.
fn first_bad_token(body: &[u8], cs: &CompileSource) -> Option<(SyntaxError, u32, i32)> {
    let text = cs.text.as_str();
    let mut toks = Vec::new();
    let mut lex_error = false;
    for t in Lexer::new(text) {
        match t {
            Ok(t) => toks.push(t),
            Err(_) => {
                lex_error = true;
                break;
            }
        }
    }
    let index = LineIndex::new(text);
    let lossy_to_raw = |off: u32| -> u32 {
        let shrink: u32 = cs.replaced.iter().filter(|r| r.0 < off).map(|r| 3 - r.2.min(3)).sum();
        let grow: u32 = cs.replaced.iter().filter(|r| r.0 < off).map(|r| r.2.saturating_sub(3)).sum();
        off - shrink + grow
    };
    let raw_line_start = |line: u32| lossy_to_raw(index.line_start(line));
    // A column as the error reports it: bytes, or with a declared encoding characters of the line as decoded
    // with replacements (`_PyPegen_byte_offset_to_character_offset`).
    let column = |line: u32, raw_col: u32| -> i32 {
        if !cs.declared {
            return raw_col as i32;
        }
        // The conversion counts the characters of the first `raw_col` bytes of that line.
        let start = index.line_start(line) as usize;
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i + 1);
        let lb = &text.as_bytes()[start..end];
        let cut = (raw_col as usize).min(lb.len() + 1).min(lb.len());
        String::from_utf8_lossy(&lb[..cut]).chars().count() as i32
    };
    let last_end = toks.last().map_or(0, |t| t.end);
    for &(at, raw, _) in &cs.replaced {
        if let Some(i) = toks.iter().position(|t| t.kind == TokenKind::String && t.start <= at && at < t.end) {
            return Some(string_error(body, &toks, i, &index, &lossy_to_raw, &raw_line_start, &column));
        }
        if at < last_end || !lex_error {
            // Skipped by the tokenizer: a comment.
            continue;
        }
        // A name: the run of name bytes around the invalid one.
        let is_name_byte = |b: u8| b >= 0x80 || b.is_ascii_alphanumeric() || b == b'_';
        let raw = raw as usize;
        let start = body[..raw].iter().rposition(|&b| !is_name_byte(b)).map_or(0, |i| i + 1);
        let end = body[raw..].iter().position(|&b| !is_name_byte(b)).map_or(body.len(), |i| raw + i);
        let name = &body[start..end];
        let msg = format!("(unicode error) {}", utf8_error_message(name, utf8_error(name)?));
        let line = index.line_of(at);
        let col = column(line, end as u32 - raw_line_start(line));
        let tok_col = column(line, start as u32 - raw_line_start(line) + 1);
        return Some((SyntaxError::new(msg, line, col, line, -1), line, tok_col));
    }
    None
}

/// The error for string token `i`: the parser decodes its body (or, when escapes are processed, each run of
/// non-ASCII bytes on its own) once it has read the token after the string run, where it reports the error.
fn string_error(
    body: &[u8],
    toks: &[crate::token::Token],
    i: usize,
    index: &LineIndex,
    lossy_to_raw: &dyn Fn(u32) -> u32,
    raw_line_start: &dyn Fn(u32) -> u32,
    column: &dyn Fn(u32, u32) -> i32,
) -> (SyntaxError, u32, i32) {
    let t = toks[i];
    let raw = &body[lossy_to_raw(t.start) as usize..lossy_to_raw(t.end) as usize];
    let prefix_len = raw.iter().position(|&b| b == b'"' || b == b'\'').unwrap_or(0);
    let prefix = &raw[..prefix_len];
    let q = &raw[prefix_len..];
    let quote = if q.len() >= 6 && q[0] == q[1] && q[1] == q[2] { 3 } else { 1 };
    let inner = &q[quote.min(q.len())..q.len().saturating_sub(quote)];
    let is_raw = prefix.iter().any(|b| matches!(b, b'r' | b'R'));
    let chunk = if is_raw || !inner.contains(&b'\\') {
        inner
    } else {
        let bad = utf8_error(inner).map_or(0, |e| e.0);
        let s = inner[..bad].iter().rposition(|&b| b < 0x80).map_or(0, |k| k + 1);
        let e = inner[bad..].iter().position(|&b| b < 0x80).map_or(inner.len(), |k| bad + k);
        &inner[s..e]
    };
    let msg = match utf8_error(chunk) {
        Some(e) => format!("(unicode error) {}", utf8_error_message(chunk, e)),
        None => "(unicode error) unknown error".to_string(),
    };
    // The token after the run of strings; a NEWLINE is reported with no width.
    let mut j = i;
    while toks.get(j).is_some_and(|t| t.kind == TokenKind::String) {
        j += 1;
    }
    let after = toks.get(j).copied().unwrap_or(toks[j - 1]);
    let line = index.line_of(after.start);
    let s = column(line, lossy_to_raw(after.start) - raw_line_start(line) + 1);
    let (end_line, e) = if after.kind == TokenKind::Newline || j >= toks.len() {
        (line, s)
    } else {
        let end_line = index.line_of(after.end);
        (end_line, column(end_line, lossy_to_raw(after.end) - raw_line_start(end_line) + 1))
    };
    let tline = index.line_of(t.start);
    let tcol = column(tline, lossy_to_raw(t.start) - raw_line_start(tline) + 1);
    (SyntaxError::new(msg, line, s, end_line, e), tline, tcol)
}
