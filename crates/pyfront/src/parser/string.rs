//! STRING tokens into AST nodes: prefixes, escapes, bytes, raw strings, implicit concatenation, and f-strings
//! split into `JoinedStr`/`FormattedValue` with CPython 3.11's positions (`Parser/string_parser.c`).
//!
//! In 3.11 an f-string is one STRING token; its expressions are parsed by a second parser run over
//! `"(" + expression + ")"` whose first line is shifted to where the expression sits in the file. The caller
//! supplies that run as a callback, so this module knows nothing of the grammar.

use bumpalo::Bump;
use bumpalo::collections::Vec as BVec;

use crate::ast::{Constant, Conversion, Expr, ExprKind, Loc};
use crate::error::SyntaxError;
use crate::wtf8::{Wtf8, Wtf8Buf};

/// A line and UTF-8 byte column, as the AST stores positions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// One STRING token of an implicitly concatenated group.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StrTok<'s> {
    pub text: &'s str,
    pub start: Pos,
    pub end: Pos,
}

/// Why a string group has no value.
#[derive(Debug)]
pub(crate) enum LitError {
    /// CPython reports these at the token after the group (the parser's last token read).
    AtNext(String),
    /// CPython reports these at the `i`th token of the group.
    AtToken(usize, String),
    /// An error inside an f-string expression, already located.
    Syntax(SyntaxError),
}

/// Parses an f-string expression: the source `(expr)`, whose first line starts at `line` and is shifted right by
/// `col` bytes.
pub(crate) type ExprParser<'p, 'a> = dyn FnMut(&str, u32, u32) -> Result<&'a Expr<'a>, SyntaxError> + 'p;

/// The prefix flags and the body (between the quotes) of one token.
struct Parts<'s> {
    bytes: bool,
    raw: bool,
    fstring: bool,
    /// Byte offset of the body in the token's text.
    body_start: usize,
    body: &'s str,
}

fn split(text: &str) -> Parts<'_> {
    let b = text.as_bytes();
    let mut i = 0;
    let (mut bytes, mut raw, mut fstring) = (false, false, false);
    while i < b.len() && b[i].is_ascii_alphabetic() {
        match b[i] {
            b'b' | b'B' => bytes = true,
            b'r' | b'R' => raw = true,
            b'f' | b'F' => fstring = true,
            _ => {}
        }
        i += 1;
    }
    let rest = &text[i..];
    let q = if rest.len() >= 6 && (rest.starts_with("'''") || rest.starts_with("\"\"\"")) { 3 } else { 1 };
    let end = rest.len().saturating_sub(q).max(q.min(rest.len()));
    let body = rest.get(q..end).unwrap_or("");
    Parts { bytes, raw, fstring, body_start: i + q, body }
}

/// Builds the node of a group of adjacent STRING tokens (`_PyPegen_concatenate_strings`).
pub(crate) fn concatenate<'a>(
    toks: &[StrTok<'_>],
    arena: &'a Bump,
    parse_expr: &mut ExprParser<'_, 'a>,
) -> Result<Expr<'a>, LitError> {
    let first = toks[0];
    let last = toks[toks.len() - 1];
    let group = Loc {
        lineno: first.start.line,
        col_offset: first.start.col,
        end_lineno: last.end.line,
        end_col_offset: last.end.col,
    };
    let u_kind = first.text.starts_with('u');
    let mut bytes_mode = false;
    let mut bytes_buf: Vec<u8> = Vec::new();
    let mut state = FState { last_str: Wtf8Buf::new(), values: BVec::new_in(arena), fmode: false };
    for (i, t) in toks.iter().enumerate() {
        let parts = split(t.text);
        if i != 0 && parts.bytes != bytes_mode {
            return Err(LitError::AtNext("cannot mix bytes and nonbytes literals".into()));
        }
        bytes_mode = parts.bytes;
        if parts.fstring {
            let mut cx =
                FCx { arena, tok: *t, group, u_kind, parse_expr: &mut *parse_expr, lines: LineCursor::default() };
            let mut pos = parts.body_start;
            let end = parts.body_start + parts.body.len();
            cx.concat_fstring(&mut state, &mut pos, end, parts.raw, 0)?;
        } else if parts.bytes {
            if !parts.body.is_ascii() {
                return Err(LitError::AtToken(i, "bytes can only contain ASCII literal characters".into()));
            }
            if parts.raw {
                push_newline_normalized_bytes(&mut bytes_buf, parts.body.as_bytes());
            } else {
                decode_bytes_escapes(parts.body.as_bytes(), &mut bytes_buf).map_err(LitError::AtNext)?;
            }
        } else if parts.raw {
            push_newline_normalized(&mut state.last_str, parts.body);
        } else {
            decode_str_escapes(parts.body, &mut state.last_str).map_err(LitError::AtNext)?;
        }
    }
    if bytes_mode {
        let value = Constant::Bytes(arena.alloc_slice_copy(&bytes_buf));
        return Ok(Expr { kind: ExprKind::Constant { value, kind: None }, loc: group });
    }
    Ok(state.finish(arena, group, u_kind))
}

/// `FstringParser`: the pending literal text and the parts collected so far.
struct FState<'a> {
    last_str: Wtf8Buf,
    values: BVec<'a, Expr<'a>>,
    fmode: bool,
}

fn str_constant<'a>(arena: &'a Bump, s: &Wtf8, loc: Loc, u_kind: bool) -> Expr<'a> {
    let value = Constant::Str(s.alloc_in(arena));
    Expr { kind: ExprKind::Constant { value, kind: if u_kind { Some("u") } else { None } }, loc }
}

impl<'a> FState<'a> {
    /// Turns the pending literal into a Constant part (`make_str_node_and_del`).
    fn flush(&mut self, arena: &'a Bump, loc: Loc, u_kind: bool) {
        if !self.last_str.is_empty() {
            self.values.push(str_constant(arena, &self.last_str, loc, u_kind));
            self.last_str.clear();
        }
    }

    /// `_PyPegen_FstringParser_Finish`: a Constant if there were no f-strings, else a JoinedStr.
    fn finish(mut self, arena: &'a Bump, loc: Loc, u_kind: bool) -> Expr<'a> {
        if !self.fmode {
            return str_constant(arena, &self.last_str, loc, u_kind);
        }
        self.flush(arena, loc, u_kind);
        Expr { kind: ExprKind::JoinedStr { values: self.values.into_bump_slice() }, loc }
    }
}

/// What the f-string scanner needs about the token being parsed and its group.
struct FCx<'c, 'p, 'a, 's> {
    arena: &'a Bump,
    tok: StrTok<'s>,
    group: Loc,
    u_kind: bool,
    parse_expr: &'c mut ExprParser<'p, 'a>,
    /// Newlines counted so far in the token's text, so that locating each expression costs only the text since the
    /// previous one (a line with 10^5 `{x}` would otherwise be quadratic).
    lines: LineCursor,
}

/// How many newlines precede `pos` in a text, and where the line holding `pos` starts; it moves forward only, and
/// restarts from the beginning when asked about an earlier position.
#[derive(Default)]
struct LineCursor {
    pos: usize,
    lines: u32,
    line_start: usize,
}

impl LineCursor {
    /// The newlines before `pos` and the offset of the line holding `pos`.
    fn advance(&mut self, text: &[u8], pos: usize) -> (u32, usize) {
        if pos < self.pos {
            *self = LineCursor::default();
        }
        for (i, &c) in text[self.pos..pos].iter().enumerate() {
            if c == b'\n' {
                self.lines += 1;
                self.line_start = self.pos + i + 1;
            }
        }
        self.pos = pos;
        (self.lines, self.line_start)
    }
}

/// How deeply f-string expressions may nest brackets (`MAXLEVEL` in the C tokenizer).
const MAX_FSTRING_BRACKETS: usize = 200;

impl<'a> FCx<'_, '_, 'a, '_> {
    fn text(&self) -> &[u8] {
        self.tok.text.as_bytes()
    }

    fn tok_loc(&self) -> Loc {
        Loc {
            lineno: self.tok.start.line,
            col_offset: self.tok.start.col,
            end_lineno: self.tok.end.line,
            end_col_offset: self.tok.end.col,
        }
    }

    /// `_PyPegen_FstringParser_ConcatFstring`: literals and expressions up to `end` (or the `}` closing a format
    /// spec when `level > 0`).
    fn concat_fstring(
        &mut self,
        state: &mut FState<'a>,
        pos: &mut usize,
        end: usize,
        raw: bool,
        level: u32,
    ) -> Result<(), LitError> {
        state.fmode = true;
        loop {
            let doubled = self.find_literal(state, pos, end, raw, level)?;
            if doubled {
                continue;
            }
            if *pos >= end || self.text()[*pos] == b'}' {
                break;
            }
            let value = self.find_expr(state, pos, end, raw, level)?;
            state.flush(self.arena, self.group, self.u_kind);
            state.values.push(value);
        }
        if level != 0 && (*pos >= end || self.text()[*pos] != b'}') {
            return Err(LitError::AtNext("f-string: expecting '}'".into()));
        }
        Ok(())
    }

    /// `fstring_find_literal`: appends the literal text before the next expression; true when it stopped at a
    /// doubled brace and the caller should call again.
    fn find_literal(
        &mut self,
        state: &mut FState<'a>,
        pos: &mut usize,
        end: usize,
        raw: bool,
        level: u32,
    ) -> Result<bool, LitError> {
        let text = self.text();
        let start = *pos;
        let mut s = *pos;
        let mut doubled = false;
        let lit_end;
        loop {
            if s >= end {
                lit_end = s;
                *pos = s;
                break;
            }
            let mut ch = text[s];
            s += 1;
            if !raw && ch == b'\\' && s < end {
                ch = text[s];
                s += 1;
                if ch == b'N' {
                    if s < end {
                        let c = text[s];
                        s += 1;
                        if c == b'{' {
                            while s < end {
                                let c = text[s];
                                s += 1;
                                if c == b'}' {
                                    break;
                                }
                            }
                        }
                    }
                    continue;
                }
            }
            if ch == b'{' || ch == b'}' {
                if level == 0 {
                    if s < end && text[s] == ch {
                        lit_end = s;
                        *pos = s + 1;
                        doubled = true;
                        break;
                    }
                    if ch == b'}' {
                        return Err(LitError::AtNext("f-string: single '}' is not allowed".into()));
                    }
                }
                s -= 1;
                lit_end = s;
                *pos = s;
                break;
            }
        }
        if lit_end > start {
            let lit = &self.tok.text[start..lit_end];
            if raw {
                push_newline_normalized(&mut state.last_str, lit);
            } else {
                decode_str_escapes(lit, &mut state.last_str).map_err(LitError::AtNext)?;
            }
        }
        Ok(doubled)
    }

    /// `fstring_find_expr`: one `{expression[=][!c][:spec]}` starting at the `{` at `*pos`.
    fn find_expr(
        &mut self,
        state: &mut FState<'a>,
        pos: &mut usize,
        end: usize,
        raw: bool,
        level: u32,
    ) -> Result<Expr<'a>, LitError> {
        let err = |m: &str| Err(LitError::AtNext(m.to_string()));
        if level >= 2 {
            return err("f-string: expressions nested too deeply");
        }
        let brace = *pos;
        *pos += 1;
        let expr_start = *pos;
        let text = self.tok.text.as_bytes();
        let mut quote: u8 = 0;
        let mut string_type = 0;
        let mut stack: Vec<u8> = Vec::new();
        while *pos < end {
            let ch = text[*pos];
            if ch == b'\\' {
                return err("f-string expression part cannot include a backslash");
            }
            if quote != 0 {
                if ch == quote {
                    if string_type == 3 {
                        if *pos + 2 < end && text[*pos + 1] == ch && text[*pos + 2] == ch {
                            *pos += 3;
                            string_type = 0;
                            quote = 0;
                            continue;
                        }
                    } else {
                        quote = 0;
                        string_type = 0;
                        *pos += 1;
                        continue;
                    }
                }
            } else if ch == b'\'' || ch == b'"' {
                if *pos + 2 < end && text[*pos + 1] == ch && text[*pos + 2] == ch {
                    string_type = 3;
                    *pos += 2;
                } else {
                    string_type = 1;
                }
                quote = ch;
            } else if ch == b'[' || ch == b'{' || ch == b'(' {
                if stack.len() >= MAX_FSTRING_BRACKETS {
                    return err("f-string: too many nested parenthesis");
                }
                stack.push(ch);
            } else if ch == b'#' {
                return err("f-string expression part cannot include '#'");
            } else if stack.is_empty() && matches!(ch, b'!' | b':' | b'}' | b'=' | b'>' | b'<') {
                if *pos + 1 < end {
                    let next = text[*pos + 1];
                    if next == b'=' && matches!(ch, b'!' | b'=' | b'<' | b'>') {
                        *pos += 2;
                        continue;
                    }
                }
                if ch == b'>' || ch == b'<' {
                    *pos += 1;
                    continue;
                }
                break;
            } else if ch == b']' || ch == b'}' || ch == b')' {
                let Some(opening) = stack.pop() else {
                    return Err(LitError::AtNext(format!("f-string: unmatched '{}'", ch as char)));
                };
                let matched = matches!((opening, ch), (b'(', b')') | (b'[', b']') | (b'{', b'}'));
                if !matched {
                    return Err(LitError::AtNext(format!(
                        "f-string: closing parenthesis '{}' does not match opening parenthesis '{}'",
                        ch as char, opening as char
                    )));
                }
            }
            *pos += 1;
        }
        let expr_end = (*pos).min(end);
        if quote != 0 {
            return err("f-string: unterminated string");
        }
        if let Some(&opening) = stack.last() {
            return Err(LitError::AtNext(format!("f-string: unmatched '{}'", opening as char)));
        }
        if *pos >= end {
            return err("f-string: expecting '}'");
        }
        let value = self.compile_expr(brace, expr_start, expr_end)?;
        let text = self.tok.text.as_bytes();
        let mut conversion = Conversion::None;
        let mut debug = false;
        if text[*pos] == b'=' {
            *pos += 1;
            while *pos < end && text[*pos].is_ascii_whitespace() {
                *pos += 1;
            }
            if *pos >= end {
                return err("f-string: expecting '}'");
            }
            state.last_str.push_str(&self.tok.text[expr_start..*pos]);
            debug = true;
        }
        if text[*pos] == b'!' {
            *pos += 1;
            if *pos >= end {
                return err("f-string: expecting '}'");
            }
            let c = text[*pos];
            *pos += 1;
            conversion = match c {
                b's' => Conversion::Str,
                b'r' => Conversion::Repr,
                b'a' => Conversion::Ascii,
                _ => return err("f-string: invalid conversion character: expected 's', 'r', or 'a'"),
            };
        }
        if *pos >= end {
            return err("f-string: expecting '}'");
        }
        let mut format_spec = None;
        if text[*pos] == b':' {
            *pos += 1;
            if *pos >= end {
                return err("f-string: expecting '}'");
            }
            // `fstring_parse`: a nested state whose JoinedStr (and trailing literal) take the token's position.
            let mut inner = FState { last_str: Wtf8Buf::new(), values: BVec::new_in(self.arena), fmode: false };
            self.concat_fstring(&mut inner, pos, end, raw, level + 1)?;
            let loc = self.tok_loc();
            format_spec = Some(&*self.arena.alloc(inner.finish(self.arena, loc, self.tok.text.starts_with('u'))));
        }
        if *pos >= end || self.text()[*pos] != b'}' {
            return err("f-string: expecting '}'");
        }
        *pos += 1;
        if debug && format_spec.is_none() && conversion == Conversion::None {
            conversion = Conversion::Repr;
        }
        Ok(Expr { kind: ExprKind::FormattedValue { value, conversion, format_spec }, loc: self.group })
    }

    /// `fstring_compile_expr` with `fstring_find_expr_location`: parses `(text)` placed where it sits in the file.
    fn compile_expr(&mut self, brace: usize, start: usize, end: usize) -> Result<&'a Expr<'a>, LitError> {
        let text = self.tok.text.as_bytes();
        let src = &self.tok.text[start..end];
        if src.bytes().all(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r')) {
            let c = text.get(end).copied().unwrap_or(b'}');
            return Err(LitError::AtNext(if matches!(c, b'!' | b':' | b'=') {
                format!("f-string: expression required before '{}'", c as char)
            } else {
                "f-string: empty expression not allowed".into()
            }));
        }
        // A newline right after the brace (only blanks between) means the expression starts a fresh line, so no
        // column shift applies.
        let mut newline_after_brace = true;
        for &c in &text[brace + 1..] {
            if c == b'}' || c == b'\n' {
                break;
            }
            if c != b' ' && c != b'\t' && c != b'\x0c' {
                newline_after_brace = false;
                break;
            }
        }
        let (lines, line_start) = self.lines.advance(text, brace);
        let cols = if newline_after_brace { 0 } else { (brace - line_start) as u32 };
        let line = self.tok.start.line + lines;
        let col = if lines != 0 { cols } else { self.tok.start.col + cols };
        let mut wrapped = String::with_capacity(src.len() + 2);
        wrapped.push('(');
        wrapped.push_str(src);
        wrapped.push(')');
        (self.parse_expr)(&wrapped, line, col).map_err(LitError::Syntax)
    }
}

/// Appends raw text with `\r\n` and lone `\r` read as `\n`, as CPython's universal newlines do.
fn push_newline_normalized(out: &mut Wtf8Buf, s: &str) {
    if !s.contains('\r') {
        out.push_str(s);
        return;
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
}

fn push_newline_normalized_bytes(out: &mut Vec<u8>, s: &[u8]) {
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'\r' {
            if s.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            out.push(b'\n');
        } else {
            out.push(s[i]);
        }
        i += 1;
    }
}

fn unicode_error(start: usize, end: usize, what: &str) -> String {
    format!("(unicode error) 'unicodeescape' codec can't decode bytes in position {start}-{end}: {what}")
}

/// Decodes a non-raw str body's escapes (`unicode_escape`), appending to `out`; the error is CPython's message.
pub(crate) fn decode_str_escapes(s: &str, out: &mut Wtf8Buf) -> Result<(), String> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut run = 0;
    while i < b.len() {
        if b[i] != b'\\' && b[i] != b'\r' {
            i += 1;
            continue;
        }
        out.push_str(&s[run..i]);
        if b[i] == b'\r' {
            out.push('\n');
            i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            run = i;
            continue;
        }
        let esc = i;
        i += 1;
        let Some(&c) = b.get(i) else {
            out.push('\\');
            run = i;
            break;
        };
        i += 1;
        match c {
            b'\n' => {}
            b'\r' => {
                if b.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\\' => out.push('\\'),
            b'\'' => out.push('\''),
            b'"' => out.push('"'),
            b'a' => out.push('\x07'),
            b'b' => out.push('\x08'),
            b'f' => out.push('\x0c'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'v' => out.push('\x0b'),
            b'0'..=b'7' => {
                let mut v = (c - b'0') as u32;
                for _ in 0..2 {
                    match b.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + (d - b'0') as u32;
                            i += 1;
                        }
                        _ => break,
                    }
                }
                push_code_point(out, v, esc, i)?;
            }
            b'x' | b'u' | b'U' => {
                let n = match c {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let mut v: u32 = 0;
                for _ in 0..n {
                    match b.get(i).and_then(|&d| (d as char).to_digit(16)) {
                        Some(d) => {
                            v = v * 16 + d;
                            i += 1;
                        }
                        None => {
                            let what = match c {
                                b'x' => "truncated \\xXX escape",
                                b'u' => "truncated \\uXXXX escape",
                                _ => "truncated \\UXXXXXXXX escape",
                            };
                            return Err(unicode_error(esc, i - 1, what));
                        }
                    }
                }
                if v > 0x10FFFF {
                    return Err(unicode_error(esc, i - 1, "illegal Unicode character"));
                }
                push_code_point(out, v, esc, i)?;
            }
            b'N' => {
                if b.get(i) != Some(&b'{') {
                    return Err(unicode_error(esc, i - 1, "malformed \\N character escape"));
                }
                let Some(close) = b[i..].iter().position(|&c| c == b'}') else {
                    return Err(unicode_error(esc, b.len() - 1, "malformed \\N character escape"));
                };
                let name = &s[i + 1..i + close];
                let end = i + close;
                i = end + 1;
                match lookup_name(name) {
                    Some(ch) => out.push(ch),
                    None => return Err(unicode_error(esc, end, "unknown Unicode character name")),
                }
            }
            _ => {
                // An invalid escape keeps its backslash (CPython only warns).
                out.push('\\');
                i = esc + 1;
            }
        }
        run = i;
    }
    if run < b.len() {
        out.push_str(&s[run..]);
    }
    Ok(())
}

/// `\N{name}`: names and aliases as `unicodedata.lookup` accepts them in escapes.
fn lookup_name(name: &str) -> Option<char> {
    if name.is_empty() {
        return None;
    }
    unicode_names2::character(name)
}

/// Appends an escape's code point; lone surrogates are valid in a Python str (and never pair up).
fn push_code_point(out: &mut Wtf8Buf, v: u32, esc: usize, end: usize) -> Result<(), String> {
    out.push_code_point(v).ok_or_else(|| unicode_error(esc, end - 1, "illegal Unicode character"))
}

/// Decodes a non-raw bytes body's escapes (`_PyBytes_DecodeEscape`).
pub(crate) fn decode_bytes_escapes(b: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\r' {
            out.push(b'\n');
            i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            continue;
        }
        if c != b'\\' {
            out.push(c);
            i += 1;
            continue;
        }
        let esc = i;
        i += 1;
        let Some(&c) = b.get(i) else {
            out.push(b'\\');
            break;
        };
        i += 1;
        match c {
            b'\n' => {}
            b'\r' => {
                if b.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'a' => out.push(0x07),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(0x0b),
            b'0'..=b'7' => {
                let mut v = (c - b'0') as u32;
                for _ in 0..2 {
                    match b.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + (d - b'0') as u32;
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(v as u8);
            }
            b'x' => {
                let hi = b.get(i).and_then(|&d| (d as char).to_digit(16));
                let lo = b.get(i + 1).and_then(|&d| (d as char).to_digit(16));
                match (hi, lo) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => return Err(format!("(value error) invalid \\x escape at position {esc}")),
                }
            }
            _ => {
                out.push(b'\\');
                i = esc + 1;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn str_of(body: &str) -> Result<String, String> {
        let mut out = Wtf8Buf::new();
        decode_str_escapes(body, &mut out)?;
        Ok(out.as_str().expect("no lone surrogate").to_owned())
    }

    #[test]
    fn escapes() {
        assert_eq!(
            str_of(
                r"a\tb\n\\\'\x41\101\u00e9\U0001F600\N{EM DASH}\q\
c"
            )
            .unwrap(),
            "a\tb\n\\'AAé😀—\\qc"
        );
        assert_eq!(str_of(r"\777").unwrap(), "\u{1ff}");
        assert_eq!(
            str_of(r"\x4").unwrap_err(),
            "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape"
        );
        assert_eq!(
            str_of(r"\N{foo}").unwrap_err(),
            "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-6: unknown Unicode character name"
        );
        assert_eq!(
            str_of(r"\U00110000").unwrap_err(),
            "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character"
        );
        // Escaped surrogates are code points of their own: a high and a low one never pair up.
        let mut out = Wtf8Buf::new();
        decode_str_escapes(r"\ud83d\ude00\U0000dc80", &mut out).unwrap();
        assert_eq!(out.code_points().collect::<Vec<_>>(), [0xD83D, 0xDE00, 0xDC80]);
        let mut out = vec![];
        decode_bytes_escapes(br"\u1234\777\x41", &mut out).unwrap();
        assert_eq!(out, b"\\u1234\xffA");
    }
}
