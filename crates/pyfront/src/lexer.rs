//! The lexer: one raw-token core (a logos DFA in `raw`) with two stateful faces.
//!
//! - [`Lexer`] yields the C tokenizer's stream for the parser (Parser/tokenizer.c): NAME, NUMBER,
//!   STRING, exact operator kinds, NEWLINE, INDENT, DEDENT, ENDMARKER, no comments or NL, and its
//!   errors as [`SyntaxError`] values with CPython's words and positions.
//! - [`tokenize_py`] yields `Lib/tokenize.py`'s stream for `pyfront tokenize`: a line-based regex
//!   tokenizer with its own quirks (ERRORTOKEN for stray characters, COMMENT/NL tokens, the
//!   synthesized final NEWLINE, "EOF in multi-line statement").
//!
//! `async`/`await` come out as NAME (the parser treats keywords by their text). Ranges of the
//! structural tokens: NEWLINE covers its `\n`/`\r\n`/`\r` (empty at the end of a source without
//! a final newline), INDENT covers the line's indentation, DEDENT and ENDMARKER are empty at the
//! first token of the line (at the end of input for the final ones).

mod raw;
mod tokenize_py;
mod unicode_tables;

pub use tokenize_py::{PyToken, TokenizeError, tokenize_py, tokenize_py_into};

use crate::error::{ErrorKind, SyntaxError};
use crate::token::{LineIndex, Token, TokenKind, char_count};
use raw::{Raw, StrEnd};

/// `s.isidentifier()`: an XID_Start character or `_`, then XID_Continue characters (Unicode 14.0, as CPython 3.11;
/// no NFKC normalisation, as the str method does none). The VM's `str.isidentifier` uses this one table.
pub fn is_identifier(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next().is_some_and(raw::is_xid_start) && cs.all(raw::is_xid_continue)
}

/// CPython's MAXINDENT: at most 100 indentation levels.
const MAX_INDENT: usize = 100;
/// CPython's MAXLEVEL: at most 200 nested brackets.
const MAX_LEVEL: usize = 200;
const TABSIZE: u32 = 8;

/// An open bracket: its byte, and where it was opened (for "was never closed" errors).
#[derive(Clone, Copy, Debug)]
struct OpenBracket {
    byte: u8,
    offset: u32,
    line: u32,
}

/// The C tokenizer's token stream for the parser. Iterate it for `Result<Token, SyntaxError>`;
/// after the first error or ENDMARKER it yields nothing.
pub struct Lexer<'s> {
    src: &'s str,
    bytes: &'s [u8],
    pos: usize,
    /// The 1-based line `pos` is on, and the byte offset where that line starts.
    line: u32,
    line_start: usize,
    /// The source lacks a final newline: the C tokenizer reads one more, virtual, `\n` at the end.
    virtual_newline: bool,
    atbol: bool,
    /// Indentation columns (tabs to multiples of 8) and alternative columns (tabs as 1), CPython's
    /// `indstack`/`altindstack`, used to reject inconsistent tabs and spaces.
    indents: Vec<u32>,
    alt_indents: Vec<u32>,
    /// Pending INDENT (>0) or DEDENTs (<0) to emit before the next token.
    pending: i32,
    brackets: Vec<OpenBracket>,
    /// The current line holds only whitespace and maybe a comment: its newline is no NEWLINE.
    blank_line: bool,
    finished: bool,
    /// The line the virtual final newline ended and where it started: tokens at the end of input are placed
    /// there, as a [`LineIndex`] places that offset (the newline has no byte that would start another line).
    virtual_eol: Option<(u32, usize)>,
    /// The error that finished the stream, until [`Lexer::take_error`] or the iterator hands it out.
    error: Option<SyntaxError>,
}

impl<'s> Lexer<'s> {
    /// A lexer over decoded source text (see [`crate::source::decode`]).
    pub fn new(src: &'s str) -> Lexer<'s> {
        let mut lexer = Lexer::new_nul_free(src);
        if src.as_bytes().contains(&0) {
            // compile() refuses such sources before tokenizing, with no location (lineno 0 here).
            lexer.finished = true;
            lexer.error = Some(SyntaxError::unlocated("source code string cannot contain null bytes"));
        }
        lexer
    }

    /// A lexer over text its caller has already checked for NUL bytes (the parser refuses them before lexing).
    pub(crate) fn new_nul_free(src: &'s str) -> Lexer<'s> {
        let bytes = src.as_bytes();
        let virtual_newline = !bytes.is_empty() && !matches!(bytes.last(), Some(b'\n' | b'\r'));
        Lexer {
            src,
            bytes,
            pos: 0,
            line: 1,
            line_start: 0,
            virtual_newline,
            atbol: true,
            indents: vec![0],
            alt_indents: vec![0],
            pending: 0,
            brackets: Vec::new(),
            blank_line: false,
            finished: bytes.len() > u32::MAX as usize - 1,
            virtual_eol: None,
            error: None,
        }
    }

    /// The parser's way to read tokens: the next one, or `None` at the end of the stream or at an error, which
    /// [`Lexer::take_error`] then gives (a `Result` per token would be copied around at the size of the error).
    #[inline]
    pub(crate) fn advance(&mut self) -> Option<Token> {
        if self.finished {
            return None;
        }
        match self.next_token() {
            Ok(t) => Some(t),
            Err(e) => {
                self.finished = true;
                self.error = Some(e);
                None
            }
        }
    }

    /// The error that ended the stream, if any (once).
    pub(crate) fn take_error(&mut self) -> Option<SyntaxError> {
        self.error.take()
    }

    /// The same lexer reading no virtual newline at the end: `compile()` adds a final newline to `exec` input only,
    /// so `single` input ending inside a line ends with no NEWLINE.
    pub fn without_final_newline(mut self) -> Lexer<'s> {
        self.virtual_newline = false;
        self
    }

    /// Lexes the whole source, stopping at the first error.
    pub fn tokenize(src: &'s str) -> Result<Vec<Token>, SyntaxError> {
        Lexer::new(src).collect()
    }

    /// An empty DEDENT or ENDMARKER at the cursor, which is at the end of input after the virtual newline.
    fn empty_token(&self, kind: TokenKind) -> Token {
        match self.virtual_eol {
            Some((line, line_start)) if self.pos == self.bytes.len() => {
                self.token_on(kind, self.pos, self.pos, line, line_start)
            }
            _ => self.token(kind, self.pos, self.pos),
        }
    }

    /// A token starting on the current line.
    fn token(&self, kind: TokenKind, start: usize, end: usize) -> Token {
        self.token_on(kind, start, end, self.line, self.line_start)
    }

    /// A token starting on `line`, which starts at byte `line_start`.
    fn token_on(&self, kind: TokenKind, start: usize, end: usize, line: u32, line_start: usize) -> Token {
        Token { kind, start: start as u32, end: end as u32, line, col: (start - line_start) as u32, end_line: line }
    }

    /// The byte at `i`, with the virtual final newline, or `None` at the end of input.
    fn byte_at(&self, i: usize) -> Option<u8> {
        match self.bytes.get(i) {
            Some(&b) => Some(b),
            None if i == self.bytes.len() && self.virtual_newline => Some(b'\n'),
            None => None,
        }
    }

    /// Length of the newline at `i` (`\n`, `\r\n`, `\r`, or the virtual one), 0 if none.
    fn newline_len(&self, i: usize) -> usize {
        match self.bytes.get(i) {
            Some(b'\n') => 1,
            Some(b'\r') => {
                if self.bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                }
            }
            None if i == self.bytes.len() && self.virtual_newline => 1,
            _ => 0,
        }
    }

    /// Steps over a newline at `pos` and starts the next line. The virtual newline is consumed by
    /// turning it off.
    fn eat_newline(&mut self) -> usize {
        let n = self.newline_len(self.pos);
        if self.pos == self.bytes.len() {
            self.virtual_newline = false;
            self.virtual_eol = Some((self.line, self.line_start));
        } else {
            self.pos += n;
        }
        self.line += 1;
        self.line_start = self.pos;
        n
    }

    fn at_eof(&self) -> bool {
        self.pos >= self.bytes.len() && !(self.virtual_newline && self.pos == self.bytes.len())
    }

    /// Characters between the current line's start and byte `cur`: CPython's `col_offset` for
    /// errors raised by `syntaxerror()`.
    fn chars_before(&self, line_start: usize, cur: usize) -> i32 {
        let cur = cur.min(self.bytes.len());
        char_count(&self.bytes[line_start.min(cur)..cur]) as i32
    }

    /// An error as the tokenizer's `syntaxerror()` reports it: at the cursor, on the current line.
    fn error_at_cur(&mut self, msg: impl Into<String>, cur: usize) -> SyntaxError {
        self.finished = true;
        let col = self.chars_before(self.line_start, cur);
        SyntaxError::new(msg, self.line, col, self.line, col)
    }

    /// Characters on the current line including its newline (the virtual one counts): where
    /// CPython places errors raised with the cursor at the end of the line.
    fn line_len_chars(&self) -> i32 {
        let mut end = self.line_start;
        while end < self.bytes.len() && self.bytes[end] != b'\n' && self.bytes[end] != b'\r' {
            end += 1;
        }
        let nl = if end < self.bytes.len() || self.virtual_newline || end > self.line_start { 1 } else { 0 };
        self.chars_before(self.line_start, end) + nl
    }

    fn indent_error(&mut self, kind: ErrorKind, msg: &str) -> SyntaxError {
        self.finished = true;
        SyntaxError::new(msg, self.line, 1, self.line, 0).with_kind(kind)
    }

    /// Measures the indentation of a new line and queues INDENT/DEDENT, as `tok_get` does at the
    /// beginning of a line. Returns false for a blank or comment-only line.
    fn read_indentation(&mut self) -> Result<bool, SyntaxError> {
        let (mut col, mut altcol, mut cont_line_col) = (0u32, 0u32, 0u32);
        // Fast path: most indentation is spaces only.
        let spaces = self.bytes[self.pos.min(self.bytes.len())..].iter().take_while(|&&b| b == b' ').count();
        self.pos += spaces;
        col += spaces as u32;
        altcol += spaces as u32;
        loop {
            match self.bytes.get(self.pos) {
                Some(b' ') => {
                    col += 1;
                    altcol += 1;
                }
                Some(b'\t') => {
                    col = (col / TABSIZE + 1) * TABSIZE;
                    altcol += 1;
                }
                Some(b'\x0c') => {
                    col = 0;
                    altcol = 0;
                }
                Some(b'\\') => {
                    // Only the first backslash continuation decides the indentation.
                    if cont_line_col == 0 {
                        cont_line_col = col;
                    }
                    self.pos += 1;
                    self.continuation_line()?;
                    continue;
                }
                _ => break,
            }
            self.pos += 1;
        }
        let blank = matches!(self.byte_at(self.pos), Some(b'#' | b'\n' | b'\r'));
        self.blank_line = blank;
        if blank || !self.brackets.is_empty() {
            return Ok(!blank);
        }
        if cont_line_col != 0 {
            col = cont_line_col;
            altcol = cont_line_col;
        }
        let top = *self.indents.last().unwrap_or(&0);
        let alt_top = *self.alt_indents.last().unwrap_or(&0);
        if col == top {
            if altcol != alt_top {
                return Err(
                    self.indent_error(ErrorKind::TabError, "inconsistent use of tabs and spaces in indentation")
                );
            }
        } else if col > top {
            if self.indents.len() >= MAX_INDENT {
                return Err(self.indent_error(ErrorKind::IndentationError, "too many levels of indentation"));
            }
            if altcol <= alt_top {
                return Err(
                    self.indent_error(ErrorKind::TabError, "inconsistent use of tabs and spaces in indentation")
                );
            }
            self.pending += 1;
            self.indents.push(col);
            self.alt_indents.push(altcol);
        } else {
            while self.indents.len() > 1 && col < *self.indents.last().unwrap_or(&0) {
                self.pending -= 1;
                self.indents.pop();
                self.alt_indents.pop();
            }
            if col != *self.indents.last().unwrap_or(&0) {
                self.finished = true;
                let offset = self.line_len_chars();
                return Err(SyntaxError::new(
                    "unindent does not match any outer indentation level",
                    self.line,
                    offset,
                    self.line,
                    -1,
                )
                .with_kind(ErrorKind::IndentationError));
            }
            if altcol != *self.alt_indents.last().unwrap_or(&0) {
                return Err(
                    self.indent_error(ErrorKind::TabError, "inconsistent use of tabs and spaces in indentation")
                );
            }
        }
        Ok(true)
    }

    /// After a backslash at `pos - 1`: a newline must follow, and then more input.
    fn continuation_line(&mut self) -> Result<(), SyntaxError> {
        if self.newline_len(self.pos) == 0 {
            self.finished = true;
            // CPython points one past the character after the backslash.
            let after = match self.src[self.pos..].chars().next() {
                Some(c) => self.pos + c.len_utf8(),
                None => self.pos,
            };
            let col = self.chars_before(self.line_start, after);
            return Err(SyntaxError::new(
                "unexpected character after line continuation character",
                self.line,
                col,
                self.line,
                0,
            ));
        }
        let line = self.line;
        let offset = self.line_len_chars();
        self.eat_newline();
        if self.at_eof() {
            // pegen words the tokenizer's end of input inside brackets as the innermost bracket never closed.
            if !self.brackets.is_empty() {
                return self.end_of_input().map(|_| ());
            }
            self.finished = true;
            return Err(SyntaxError::new("unexpected EOF while parsing", line, offset, line, -1));
        }
        Ok(())
    }

    // Inlined into `advance` (and so into the parser's loop): its `Result` returned through memory cost a
    // store-forwarding stall per token.
    #[inline(always)]
    fn next_token(&mut self) -> Result<Token, SyntaxError> {
        loop {
            if self.atbol {
                self.atbol = false;
                // A backslash in the indentation continues it on the next line: INDENT starts on this one.
                let (line_begin, line) = (self.pos, self.line);
                let significant = self.read_indentation()?;
                if significant && self.pending != 0 {
                    return Ok(self.pending_token(line_begin, line));
                }
            } else if self.pending != 0 {
                return Ok(self.pending_token(self.pos, self.line));
            }
            // Single spaces between tokens are the commonest bytes: skip them without the DFA.
            while self.bytes.get(self.pos) == Some(&b' ') {
                self.pos += 1;
            }
            let start = self.pos;
            if start >= self.bytes.len() {
                if self.virtual_newline && start == self.bytes.len() {
                    if let Some(t) = self.newline(start)? {
                        return Ok(t);
                    }
                    continue;
                }
                return self.end_of_input();
            }
            let Some((raw, len)) = self.raw_at(start) else {
                return self.unmatched(start);
            };
            let end = start + len;
            match raw {
                Raw::Whitespace | Raw::Comment => self.pos = end,
                Raw::Newline | Raw::Cr => {
                    if let Some(t) = self.newline(start)? {
                        return Ok(t);
                    }
                }
                Raw::Backslash => {
                    self.pos = end;
                    self.continuation_line()?;
                }
                Raw::Name => return self.name(start, end),
                Raw::Number => return self.number(start),
                Raw::StringStart => return self.string(start, end),
                Raw::Lpar | Raw::Lsqb | Raw::Lbrace => {
                    if self.brackets.len() >= MAX_LEVEL {
                        return Err(self.error_at_cur("too many nested parentheses", end));
                    }
                    self.brackets.push(OpenBracket { byte: self.bytes[start], offset: start as u32, line: self.line });
                    self.pos = end;
                    let kind = match raw {
                        Raw::Lpar => TokenKind::Lpar,
                        Raw::Lsqb => TokenKind::Lsqb,
                        _ => TokenKind::Lbrace,
                    };
                    return Ok(self.token(kind, start, end));
                }
                Raw::Rpar | Raw::Rsqb | Raw::Rbrace => return self.close_bracket(start, end),
                Raw::Operator(kind) => {
                    // The C tokenizer reads `<>` as NOTEQUAL (the parser then rejects it).
                    if kind == TokenKind::Less && self.bytes.get(end) == Some(&b'>') {
                        self.pos = end + 1;
                        return Ok(self.token(TokenKind::NotEqual, start, end + 1));
                    }
                    self.pos = end;
                    return Ok(self.token(kind, start, end));
                }
            }
        }
    }

    /// The raw token at `start` (not at the end of input): the commonest first bytes (names, brackets, commas,
    /// newlines, comments, plain strings, single-byte operators no longer operator starts with) are told apart
    /// here, the rest by the DFA.
    #[inline]
    fn raw_at(&self, start: usize) -> Option<(Raw, usize)> {
        let b = self.bytes;
        let next = b.get(start + 1).copied().unwrap_or(0);
        let one = |kind| Some((Raw::Operator(kind), 1));
        match b[start] {
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let mut end = start + 1;
                while end < b.len() && raw::is_potential_identifier_char(b[end]) {
                    end += 1;
                }
                if end < b.len() && matches!(b[end], b'"' | b'\'') && raw::is_string_prefix(&b[start..end]) {
                    return Some((Raw::StringStart, end + 1 - start));
                }
                Some((Raw::Name, end - start))
            }
            b'(' => Some((Raw::Lpar, 1)),
            b')' => Some((Raw::Rpar, 1)),
            b'[' => Some((Raw::Lsqb, 1)),
            b']' => Some((Raw::Rsqb, 1)),
            b'{' => Some((Raw::Lbrace, 1)),
            b'}' => Some((Raw::Rbrace, 1)),
            b',' => one(TokenKind::Comma),
            b';' => one(TokenKind::Semi),
            b'~' => one(TokenKind::Tilde),
            b'.' if next != b'.' && !next.is_ascii_digit() => one(TokenKind::Dot),
            b':' if next != b'=' => one(TokenKind::Colon),
            b'=' if next != b'=' => one(TokenKind::Equal),
            b'\n' => Some((Raw::Newline, 1)),
            b'"' | b'\'' => Some((Raw::StringStart, 1)),
            b'#' => {
                let len = b[start..].iter().position(|&c| c == b'\n' || c == b'\r').unwrap_or(b.len() - start);
                Some((Raw::Comment, len))
            }
            _ => raw::raw_at(&self.src[start..]),
        }
    }

    fn pending_token(&mut self, line_begin: usize, line: u32) -> Token {
        if self.pending > 0 {
            self.pending -= 1;
            if line == self.line {
                self.token(TokenKind::Indent, line_begin, self.pos)
            } else {
                // `line_begin` started its line (at bol).
                Token {
                    end_line: self.line,
                    ..self.token_on(TokenKind::Indent, line_begin, self.pos, line, line_begin)
                }
            }
        } else {
            self.pending += 1;
            self.empty_token(TokenKind::Dedent)
        }
    }

    /// A newline at `start`: NEWLINE at the end of a logical line, nothing inside brackets or
    /// after a blank line (the C tokenizer skips those).
    fn newline(&mut self, start: usize) -> Result<Option<Token>, SyntaxError> {
        let (line, line_start) = (self.line, self.line_start);
        let n = self.eat_newline();
        self.atbol = true;
        if self.blank_line || !self.brackets.is_empty() {
            return Ok(None);
        }
        Ok(Some(self.token_on(TokenKind::Newline, start, start + n.min(self.bytes.len() - start), line, line_start)))
    }

    fn end_of_input(&mut self) -> Result<Token, SyntaxError> {
        if let Some(open) = self.brackets.last().copied() {
            self.finished = true;
            let idx = LineIndex::new(self.src);
            let col = idx.line_char_col(self.src, open.offset).col as i32 + 1;
            return Err(SyntaxError::new(
                format!("'{}' was never closed", open.byte as char),
                open.line,
                col,
                open.line,
                0,
            ));
        }
        if self.indents.len() > 1 {
            self.indents.pop();
            self.alt_indents.pop();
            return Ok(self.empty_token(TokenKind::Dedent));
        }
        self.finished = true;
        Ok(self.empty_token(TokenKind::EndMarker))
    }

    #[inline]
    fn name(&mut self, start: usize, ascii_end: usize) -> Result<Token, SyntaxError> {
        let mut end = ascii_end;
        if self.bytes.get(end).is_some_and(|&b| b >= 0x80) {
            end = self.identifier_end(end);
            self.verify_identifier(start, end)?;
        }
        self.pos = end;
        Ok(self.token(TokenKind::Name, start, end))
    }

    /// The end of the run of potential identifier characters (ASCII word bytes and any non-ASCII).
    fn identifier_end(&self, mut end: usize) -> usize {
        while let Some(&b) = self.bytes.get(end) {
            if b >= 0x80 || raw::is_potential_identifier_char(b) {
                end += 1;
            } else {
                break;
            }
        }
        end
    }

    /// PEP 3131: the first character that cannot be in an identifier is an error.
    fn verify_identifier(&mut self, start: usize, end: usize) -> Result<(), SyntaxError> {
        let mut first = true;
        for (i, c) in self.src[start..end].char_indices() {
            let ok = if first { raw::is_xid_start(c) } else { raw::is_xid_continue(c) };
            first = false;
            if !ok {
                let cur = start + i + c.len_utf8();
                let msg = if crate::repr::is_printable(c) {
                    format!("invalid character '{c}' (U+{:04X})", c as u32)
                } else {
                    format!("invalid non-printable character U+{:04X}", c as u32)
                };
                return Err(self.error_at_cur(msg, cur));
            }
        }
        Ok(())
    }

    fn number(&mut self, start: usize) -> Result<Token, SyntaxError> {
        match raw::scan_number_c(self.bytes, start) {
            Ok(end) => {
                self.pos = end;
                Ok(self.token(TokenKind::Number, start, end))
            }
            Err(e) => {
                let mut err = self.error_at_cur(e.msg, e.cur);
                if let Some((s, t)) = e.range {
                    // `syntaxerror_known_range` passes these character counts through unchanged.
                    err.offset = self.chars_before(self.line_start, s);
                    err.end_offset = self.chars_before(self.line_start, t);
                }
                Err(err)
            }
        }
    }

    fn string(&mut self, start: usize, open_end: usize) -> Result<Token, SyntaxError> {
        let quote = self.bytes[open_end - 1];
        let triple = self.bytes.get(open_end) == Some(&quote) && self.bytes.get(open_end + 1) == Some(&quote);
        let body = if triple { open_end + 2 } else { open_end };
        let scan = raw::scan_string_c(self.bytes, body, quote, triple);
        let (first_line, first_line_start) = (self.line, self.line_start);
        self.line += scan.newlines;
        if let Some(s) = scan.last_line_start {
            self.line_start = s;
        }
        match scan.end {
            StrEnd::Closed(end) => {
                self.pos = end;
                let t = self.token_on(TokenKind::String, start, end, first_line, first_line_start);
                Ok(Token { end_line: self.line, ..t })
            }
            StrEnd::Open(at) => {
                // The line where the scan stopped: a single-quoted string stops at its newline,
                // a triple-quoted one at the end of input, which is on the last line read.
                let mut detected = self.line;
                if at >= self.bytes.len() && !self.virtual_newline && self.line > 1 && self.line_start == at {
                    detected -= 1;
                }
                let what =
                    if triple { "unterminated triple-quoted string literal" } else { "unterminated string literal" };
                self.finished = true;
                let col = self.chars_before(first_line_start, start + 1);
                Err(SyntaxError::new(format!("{what} (detected at line {detected})"), first_line, col, first_line, col))
            }
        }
    }

    fn close_bracket(&mut self, start: usize, end: usize) -> Result<Token, SyntaxError> {
        let c = self.bytes[start];
        let Some(open) = self.brackets.pop() else {
            return Err(self.error_at_cur(format!("unmatched '{}'", c as char), end));
        };
        let matches = matches!((open.byte, c), (b'(', b')') | (b'[', b']') | (b'{', b'}'));
        if !matches {
            let msg = if open.line != self.line {
                format!(
                    "closing parenthesis '{}' does not match opening parenthesis '{}' on line {}",
                    c as char, open.byte as char, open.line
                )
            } else {
                format!(
                    "closing parenthesis '{}' does not match opening parenthesis '{}'",
                    c as char, open.byte as char
                )
            };
            return Err(self.error_at_cur(msg, end));
        }
        self.pos = end;
        let kind = match c {
            b')' => TokenKind::Rpar,
            b']' => TokenKind::Rsqb,
            _ => TokenKind::Rbrace,
        };
        Ok(self.token(kind, start, end))
    }

    /// A character the DFA does not know: a non-ASCII identifier, or a stray ASCII character.
    fn unmatched(&mut self, start: usize) -> Result<Token, SyntaxError> {
        let b = self.bytes[start];
        if b >= 0x80 {
            let end = self.identifier_end(start);
            self.verify_identifier(start, end)?;
            self.pos = end;
            return Ok(self.token(TokenKind::Name, start, end));
        }
        let c = b as char;
        if !crate::repr::is_printable(c) {
            return Err(self.error_at_cur(format!("invalid non-printable character U+{:04X}", b), start + 1));
        }
        // `$`, `?`, `!` and `` ` `` are OP tokens no grammar rule accepts: the parser reports them.
        self.pos = start + 1;
        Ok(self.token(TokenKind::Op, start, start + 1))
    }
}

impl Iterator for Lexer<'_> {
    type Item = Result<Token, SyntaxError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.advance() {
            Some(t) => Some(Ok(t)),
            None => self.error.take().map(Err),
        }
    }
}

#[cfg(test)]
mod tests;
