//! The shared core of both token streams: a logos DFA for raw tokens, plus the scanners a DFA
//! cannot express (string bodies, non-ASCII names) and the character classes they use.

use logos::Logos;

use super::unicode_tables;
use crate::token::TokenKind;

/// A raw token: what the DFA recognizes at one position, before any context is applied.
///
/// Numbers follow `Lib/tokenize.py`'s `Number` pattern (longest match gives the same answer as
/// its ordered alternation); the C tokenizer's stricter rules are checked afterwards by
/// [`scan_number_c`]. `StringStart` is a prefix and an opening quote; the body is scanned by hand.
#[derive(Logos, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Raw {
    #[regex(r"[A-Za-z_][A-Za-z0-9_]*")]
    Name,
    #[regex(r#"([rRbBuUfF]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF])?['"]"#)]
    StringStart,
    #[regex(r"0[xX](_?[0-9a-fA-F])+|0[bB](_?[01])+|0[oO](_?[0-7])+|0(_?0)*|[1-9](_?[0-9])*")]
    #[regex(r"([0-9](_?[0-9])*\.([0-9](_?[0-9])*)?|\.[0-9](_?[0-9])*)([eE][-+]?[0-9](_?[0-9])*)?[jJ]?")]
    #[regex(r"[0-9](_?[0-9])*[eE][-+]?[0-9](_?[0-9])*[jJ]?")]
    #[regex(r"[0-9](_?[0-9])*[jJ]")]
    Number,
    // A comment runs to the end of its line, so the greedy class is what we want.
    #[regex(r"#[^\r\n]*", allow_greedy = true)]
    Comment,
    #[regex(r"\r?\n")]
    Newline,
    #[token("\r")]
    Cr,
    #[regex(r"[ \t\x0c]+")]
    Whitespace,
    #[token("\\")]
    Backslash,
    #[token("(")]
    Lpar,
    #[token(")")]
    Rpar,
    #[token("[")]
    Lsqb,
    #[token("]")]
    Rsqb,
    #[token("{")]
    Lbrace,
    #[token("}")]
    Rbrace,
    #[token("!=", |_| TokenKind::NotEqual)]
    #[token("%", |_| TokenKind::Percent)]
    #[token("%=", |_| TokenKind::PercentEqual)]
    #[token("&", |_| TokenKind::Amper)]
    #[token("&=", |_| TokenKind::AmperEqual)]
    #[token("*", |_| TokenKind::Star)]
    #[token("**", |_| TokenKind::DoubleStar)]
    #[token("**=", |_| TokenKind::DoubleStarEqual)]
    #[token("*=", |_| TokenKind::StarEqual)]
    #[token("+", |_| TokenKind::Plus)]
    #[token("+=", |_| TokenKind::PlusEqual)]
    #[token(",", |_| TokenKind::Comma)]
    #[token("-", |_| TokenKind::Minus)]
    #[token("-=", |_| TokenKind::MinEqual)]
    #[token("->", |_| TokenKind::Rarrow)]
    #[token(".", |_| TokenKind::Dot)]
    #[token("...", |_| TokenKind::Ellipsis)]
    #[token("/", |_| TokenKind::Slash)]
    #[token("//", |_| TokenKind::DoubleSlash)]
    #[token("//=", |_| TokenKind::DoubleSlashEqual)]
    #[token("/=", |_| TokenKind::SlashEqual)]
    #[token(":", |_| TokenKind::Colon)]
    #[token(":=", |_| TokenKind::ColonEqual)]
    #[token(";", |_| TokenKind::Semi)]
    #[token("<", |_| TokenKind::Less)]
    #[token("<<", |_| TokenKind::LeftShift)]
    #[token("<<=", |_| TokenKind::LeftShiftEqual)]
    #[token("<=", |_| TokenKind::LessEqual)]
    #[token("=", |_| TokenKind::Equal)]
    #[token("==", |_| TokenKind::EqEqual)]
    #[token(">", |_| TokenKind::Greater)]
    #[token(">=", |_| TokenKind::GreaterEqual)]
    #[token(">>", |_| TokenKind::RightShift)]
    #[token(">>=", |_| TokenKind::RightShiftEqual)]
    #[token("@", |_| TokenKind::At)]
    #[token("@=", |_| TokenKind::AtEqual)]
    #[token("^", |_| TokenKind::Circumflex)]
    #[token("^=", |_| TokenKind::CircumflexEqual)]
    #[token("|", |_| TokenKind::Vbar)]
    #[token("|=", |_| TokenKind::VbarEqual)]
    #[token("~", |_| TokenKind::Tilde)]
    /// Every other operator, with its exact kind.
    Operator(TokenKind),
}

/// The raw token at the start of `text` and its length in bytes, or `None` where the DFA matches
/// nothing (non-ASCII characters, stray ASCII such as `$`, and the end of the text).
#[inline]
pub(crate) fn raw_at(text: &str) -> Option<(Raw, usize)> {
    let mut lex = Raw::lexer(text);
    match lex.next() {
        Some(Ok(raw)) => Some((raw, lex.span().end)),
        _ => None,
    }
}

/// The exact kind of an operator raw token's text.
#[inline]
pub(crate) fn operator_kind(text: &str) -> TokenKind {
    TokenKind::from_operator(text).unwrap_or(TokenKind::Op)
}

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// `re`'s `\w` for str patterns (CPython 3.11's Unicode database).
pub(crate) fn is_word(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphanumeric() || c == '_' } else { in_table(unicode_tables::WORD, c) }
}

/// May `c` start an identifier (`c.isidentifier()`)?
pub(crate) fn is_xid_start(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphabetic() || c == '_' } else { in_table(unicode_tables::XID_START, c) }
}

/// May `c` continue an identifier?
pub(crate) fn is_xid_continue(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphanumeric() || c == '_' } else { in_table(unicode_tables::XID_CONTINUE, c) }
}

/// Where a run of `\w` characters starting at byte `from` of `text` ends.
pub(crate) fn word_end(text: &str, from: usize) -> usize {
    let mut end = from;
    for c in text[from..].chars() {
        if !is_word(c) {
            break;
        }
        end += c.len_utf8();
    }
    end
}

/// How a string body scan ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StrEnd {
    /// The closing quote(s) end just before this byte offset.
    Closed(usize),
    /// The body is unterminated; for the C tokenizer, the offset of the newline or end of input
    /// where it was detected.
    Open(usize),
}

/// The result of scanning a string body for the C tokenizer: how it ended, and the newlines it
/// crossed (counted during the scan so the lexer need not walk long docstrings twice).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StrScan {
    pub end: StrEnd,
    pub newlines: u32,
    /// Byte offset just after the last newline crossed, if any.
    pub last_line_start: Option<usize>,
}

/// The bytes a string scan must look at: quotes, backslash, and the newline bytes.
static STRING_SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\'' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t
};

/// The body of a string in the C tokenizer's way: `body` is the offset just after the opening
/// quote(s); a backslash escapes any next byte, newlines included; single-quoted strings end at an
/// unescaped newline (`\n` or `\r`).
pub(crate) fn scan_string_c(bytes: &[u8], body: usize, quote: u8, triple: bool) -> StrScan {
    let mut i = body;
    let mut newlines = 0u32;
    let mut last_line_start = None;
    let end = loop {
        // Most of a string's bytes are none of the four that matter: skip them with a table.
        while i < bytes.len() && !STRING_SPECIAL[usize::from(bytes[i])] {
            i += 1;
        }
        let Some(&b) = bytes.get(i) else { break StrEnd::Open(bytes.len()) };
        if b == quote {
            if !triple {
                break StrEnd::Closed(i + 1);
            }
            if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                break StrEnd::Closed(i + 3);
            }
            i += 1;
        } else if b == b'\\' {
            // An escaped "\r\n" is one newline to the C tokenizer, which translated it first.
            match bytes.get(i + 1) {
                Some(b'\r') if bytes.get(i + 2) == Some(&b'\n') => {
                    i += 3;
                    newlines += 1;
                    last_line_start = Some(i);
                }
                Some(b'\n' | b'\r') => {
                    i += 2;
                    newlines += 1;
                    last_line_start = Some(i);
                }
                _ => i += 2,
            }
        } else if b == b'\n' || b == b'\r' {
            if !triple {
                break StrEnd::Open(i);
            }
            i += if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            newlines += 1;
            last_line_start = Some(i);
        } else {
            i += 1;
        }
    };
    StrScan { end, newlines, last_line_start: last_line_start.map(|s| s.min(bytes.len())) }
}

/// The end of a string in `Lib/tokenize.py`'s way (its `endpats`), within one line: searching
/// from `from`, a backslash escapes the next character unless that is the line's `\n`, and the
/// string closes at the first unescaped closing quote(s). `None` if the line does not close it.
pub(crate) fn scan_string_line(line: &[u8], from: usize, quote: u8, triple: bool) -> Option<usize> {
    let mut i = from;
    while i < line.len() {
        let b = line[i];
        if b == quote {
            if !triple {
                return Some(i + 1);
            }
            if line.get(i + 1) == Some(&quote) && line.get(i + 2) == Some(&quote) {
                return Some(i + 3);
            }
            i += 1;
        } else if b == b'\\' {
            match line.get(i + 1) {
                None | Some(b'\n') => return None,
                Some(_) => i += 2,
            }
        } else {
            i += 1;
        }
    }
    None
}

/// Where `Lib/tokenize.py`'s `ContStr` pattern ends for a single-quoted string whose body starts
/// at `from`: `Some((end, continued))` with `continued` when it ends in a backslash-newline
/// instead of its quote, `None` when the line neither closes nor continues it.
pub(crate) fn scan_contstr(line: &[u8], from: usize, quote: u8) -> Option<(usize, bool)> {
    let mut i = from;
    while i < line.len() {
        match line[i] {
            b if b == quote => return Some((i + 1, false)),
            b'\n' => return None,
            b'\\' => match line.get(i + 1) {
                Some(b'\n') => return Some((i + 2, true)),
                Some(b'\r') if line.get(i + 2) == Some(&b'\n') => return Some((i + 3, true)),
                Some(_) => i += 2,
                None => return None,
            },
            _ => i += 1,
        }
    }
    None
}

/// A number literal the C tokenizer rejects: its message and where CPython reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NumberError {
    pub msg: String,
    /// Byte offset of the tokenizer's cursor when it gave up (`offset` counts the characters
    /// before it).
    pub cur: usize,
    /// An explicit byte range (start, end) for the errors CPython reports with a known range.
    pub range: Option<(usize, usize)>,
}

/// The C tokenizer's reading of a number starting at `start` (a digit, or `.` then a digit):
/// the end of the literal, or CPython's error.
pub(crate) fn scan_number_c(bytes: &[u8], start: usize) -> Result<usize, NumberError> {
    let mut s = NumScan { bytes, i: start };
    s.number(start)
}

struct NumScan<'b> {
    bytes: &'b [u8],
    i: usize,
}

const EOF: u8 = 0;

impl NumScan<'_> {
    /// Reads the next byte (0 at the end of input, which is no digit and no letter).
    fn next(&mut self) -> u8 {
        match self.bytes.get(self.i) {
            Some(&b) => {
                self.i += 1;
                b
            }
            None => EOF,
        }
    }

    fn backup(&mut self, c: u8) {
        if c != EOF {
            self.i -= 1;
        }
    }

    fn err(&self, msg: impl Into<String>) -> NumberError {
        NumberError { msg: msg.into(), cur: self.i, range: None }
    }

    /// `tok_decimal_tail`: digits with single underscores between them; returns the byte after.
    fn decimal_tail(&mut self) -> Result<u8, NumberError> {
        loop {
            let mut c;
            loop {
                c = self.next();
                if !c.is_ascii_digit() {
                    break;
                }
            }
            if c != b'_' {
                return Ok(c);
            }
            c = self.next();
            if !c.is_ascii_digit() {
                self.backup(c);
                return Err(self.err("invalid decimal literal"));
            }
        }
    }

    /// `verify_end_of_number`: a literal may not run into a name, except before the keywords
    /// that can follow a number in valid code (CPython only warns there).
    fn verify_end(&mut self, c: u8, kind: &str) -> Result<(), NumberError> {
        let rest = &self.bytes[self.i.min(self.bytes.len())..];
        let keyword_follows = |word: &[u8]| {
            rest.starts_with(word) && !rest.get(word.len()).is_some_and(|&b| is_potential_identifier_char(b))
        };
        let warn_only = match c {
            b'a' => keyword_follows(b"nd"),
            b'e' => keyword_follows(b"lse"),
            b'f' => keyword_follows(b"or"),
            b'i' => matches!(rest.first(), Some(b'f' | b'n' | b's')),
            b'o' => keyword_follows(b"r"),
            b'n' => keyword_follows(b"ot"),
            _ => false,
        };
        if !warn_only && is_potential_identifier_char(c) {
            self.backup(c);
            return Err(self.err(format!("invalid {kind} literal")));
        }
        Ok(())
    }

    fn number(&mut self, start: usize) -> Result<usize, NumberError> {
        let mut c = self.next();
        if c == b'.' {
            c = self.next();
            return self.fraction(c);
        }
        if c == b'0' {
            c = self.next();
            match c {
                b'x' | b'X' => {
                    c = self.next();
                    loop {
                        if c == b'_' {
                            c = self.next();
                        }
                        if !c.is_ascii_hexdigit() {
                            self.backup(c);
                            return Err(self.err("invalid hexadecimal literal"));
                        }
                        loop {
                            c = self.next();
                            if !c.is_ascii_hexdigit() {
                                break;
                            }
                        }
                        if c != b'_' {
                            break;
                        }
                    }
                    self.verify_end(c, "hexadecimal")?;
                }
                b'o' | b'O' | b'b' | b'B' => {
                    let (kind, max) = if c == b'o' || c == b'O' { ("octal", b'7') } else { ("binary", b'1') };
                    c = self.next();
                    loop {
                        if c == b'_' {
                            c = self.next();
                        }
                        if !(b'0'..=max).contains(&c) {
                            if c.is_ascii_digit() {
                                return Err(self.err(format!("invalid digit '{}' in {kind} literal", c as char)));
                            }
                            self.backup(c);
                            return Err(self.err(format!("invalid {kind} literal")));
                        }
                        loop {
                            c = self.next();
                            if !(b'0'..=max).contains(&c) {
                                break;
                            }
                        }
                        if c != b'_' {
                            break;
                        }
                    }
                    if c.is_ascii_digit() {
                        return Err(self.err(format!("invalid digit '{}' in {kind} literal", c as char)));
                    }
                    self.verify_end(c, kind)?;
                }
                _ => {
                    let mut nonzero = false;
                    loop {
                        if c == b'_' {
                            c = self.next();
                            if !c.is_ascii_digit() {
                                self.backup(c);
                                return Err(self.err("invalid decimal literal"));
                            }
                        }
                        if c != b'0' {
                            break;
                        }
                        c = self.next();
                    }
                    let zeros_end = self.i;
                    if c.is_ascii_digit() {
                        nonzero = true;
                        c = self.decimal_tail()?;
                    }
                    if c == b'.' {
                        c = self.next();
                        return self.fraction(c);
                    } else if c == b'e' || c == b'E' {
                        return self.exponent(c);
                    } else if c == b'j' || c == b'J' {
                        return self.imaginary();
                    } else if nonzero {
                        self.backup(c);
                        return Err(NumberError {
                            msg: "leading zeros in decimal integer literals are not permitted; \
                                  use an 0o prefix for octal integers"
                                .to_owned(),
                            cur: self.i,
                            range: Some((start + 1, zeros_end)),
                        });
                    }
                    self.verify_end(c, "decimal")?;
                }
            }
        } else {
            self.backup(c);
            c = self.decimal_tail()?;
            if c == b'.' {
                c = self.next();
                return self.fraction(c);
            }
            return self.after_fraction(c);
        }
        self.backup(c);
        Ok(self.i)
    }

    fn fraction(&mut self, mut c: u8) -> Result<usize, NumberError> {
        if c.is_ascii_digit() {
            c = self.decimal_tail()?;
        }
        self.after_fraction(c)
    }

    fn after_fraction(&mut self, c: u8) -> Result<usize, NumberError> {
        if c == b'e' || c == b'E' {
            return self.exponent(c);
        }
        if c == b'j' || c == b'J' {
            return self.imaginary();
        }
        self.verify_end(c, "decimal")?;
        self.backup(c);
        Ok(self.i)
    }

    fn exponent(&mut self, e: u8) -> Result<usize, NumberError> {
        let mut c = self.next();
        if c == b'+' || c == b'-' {
            c = self.next();
            if !c.is_ascii_digit() {
                self.backup(c);
                return Err(self.err("invalid decimal literal"));
            }
        } else if !c.is_ascii_digit() {
            self.backup(c);
            self.verify_end(e, "decimal")?;
            // The 'e' starts a keyword such as `else`: the number ends before it.
            self.backup(e);
            return Ok(self.i);
        }
        c = self.decimal_tail()?;
        if c == b'j' || c == b'J' {
            return self.imaginary();
        }
        self.verify_end(c, "decimal")?;
        self.backup(c);
        Ok(self.i)
    }

    fn imaginary(&mut self) -> Result<usize, NumberError> {
        let c = self.next();
        self.verify_end(c, "imaginary")?;
        self.backup(c);
        Ok(self.i)
    }
}

/// The C tokenizer's `is_potential_identifier_char` (ASCII only).
#[inline]
pub(crate) fn is_potential_identifier_char(b: u8) -> bool {
    IDENTIFIER_BYTE[usize::from(b)]
}

/// ASCII letters, digits and `_`, as a table: the identifier scan is the lexer's commonest loop.
static IDENTIFIER_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};

/// Whether letters before a quote are a string prefix (`StringStart`'s optional part).
pub(crate) fn is_string_prefix(p: &[u8]) -> bool {
    match p {
        [a] => matches!(a.to_ascii_lowercase(), b'r' | b'b' | b'u' | b'f'),
        [a, b] => matches!(
            (a.to_ascii_lowercase(), b.to_ascii_lowercase()),
            (b'b', b'r') | (b'r', b'b') | (b'f', b'r') | (b'r', b'f')
        ),
        _ => false,
    }
}
