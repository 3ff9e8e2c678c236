//! Tokens: CPython's token numbers and names, compact byte-range tokens, and a line index for positions.
//!
//! A [`Token`] is a kind plus a byte range into the decoded UTF-8 source; its text is always
//! `&source[start..end]`. Positions are derived on demand through a [`LineIndex`]: the AST wants
//! UTF-8 byte columns, `tokenize` prints character columns.

/// Declares `TokenKind` once, with CPython's numbers (Lib/token.py) and names.
macro_rules! token_kinds {
    ($($name:ident = $num:literal => $text:literal,)*) => {
        /// A token type, numbered as CPython 3.11's `Lib/token.py`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum TokenKind {
            $($name = $num,)*
        }

        impl TokenKind {
            /// Every kind, in numeric order.
            pub const ALL: &'static [TokenKind] = &[$(TokenKind::$name,)*];

            /// CPython's name for the kind (`tok_name[kind]`), e.g. `"NAME"`, `"LPAR"`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(TokenKind::$name => $text,)*
                }
            }
        }
    };
}

token_kinds! {
    EndMarker = 0 => "ENDMARKER",
    Name = 1 => "NAME",
    Number = 2 => "NUMBER",
    String = 3 => "STRING",
    Newline = 4 => "NEWLINE",
    Indent = 5 => "INDENT",
    Dedent = 6 => "DEDENT",
    Lpar = 7 => "LPAR",
    Rpar = 8 => "RPAR",
    Lsqb = 9 => "LSQB",
    Rsqb = 10 => "RSQB",
    Colon = 11 => "COLON",
    Comma = 12 => "COMMA",
    Semi = 13 => "SEMI",
    Plus = 14 => "PLUS",
    Minus = 15 => "MINUS",
    Star = 16 => "STAR",
    Slash = 17 => "SLASH",
    Vbar = 18 => "VBAR",
    Amper = 19 => "AMPER",
    Less = 20 => "LESS",
    Greater = 21 => "GREATER",
    Equal = 22 => "EQUAL",
    Dot = 23 => "DOT",
    Percent = 24 => "PERCENT",
    Lbrace = 25 => "LBRACE",
    Rbrace = 26 => "RBRACE",
    EqEqual = 27 => "EQEQUAL",
    NotEqual = 28 => "NOTEQUAL",
    LessEqual = 29 => "LESSEQUAL",
    GreaterEqual = 30 => "GREATEREQUAL",
    Tilde = 31 => "TILDE",
    Circumflex = 32 => "CIRCUMFLEX",
    LeftShift = 33 => "LEFTSHIFT",
    RightShift = 34 => "RIGHTSHIFT",
    DoubleStar = 35 => "DOUBLESTAR",
    PlusEqual = 36 => "PLUSEQUAL",
    MinEqual = 37 => "MINEQUAL",
    StarEqual = 38 => "STAREQUAL",
    SlashEqual = 39 => "SLASHEQUAL",
    PercentEqual = 40 => "PERCENTEQUAL",
    AmperEqual = 41 => "AMPEREQUAL",
    VbarEqual = 42 => "VBAREQUAL",
    CircumflexEqual = 43 => "CIRCUMFLEXEQUAL",
    LeftShiftEqual = 44 => "LEFTSHIFTEQUAL",
    RightShiftEqual = 45 => "RIGHTSHIFTEQUAL",
    DoubleStarEqual = 46 => "DOUBLESTAREQUAL",
    DoubleSlash = 47 => "DOUBLESLASH",
    DoubleSlashEqual = 48 => "DOUBLESLASHEQUAL",
    At = 49 => "AT",
    AtEqual = 50 => "ATEQUAL",
    Rarrow = 51 => "RARROW",
    Ellipsis = 52 => "ELLIPSIS",
    ColonEqual = 53 => "COLONEQUAL",
    Op = 54 => "OP",
    Await = 55 => "AWAIT",
    Async = 56 => "ASYNC",
    TypeIgnore = 57 => "TYPE_IGNORE",
    TypeComment = 58 => "TYPE_COMMENT",
    SoftKeyword = 59 => "SOFT_KEYWORD",
    ErrorToken = 60 => "ERRORTOKEN",
    Comment = 61 => "COMMENT",
    Nl = 62 => "NL",
    Encoding = 63 => "ENCODING",
}

impl TokenKind {
    /// The exact kind of an operator's text (`token.EXACT_TOKEN_TYPES`), or `None` if the text is
    /// not one of Python 3.11's operators.
    pub fn from_operator(text: &str) -> Option<TokenKind> {
        use TokenKind::*;
        Some(match text.as_bytes() {
            b"!=" => NotEqual,
            b"%" => Percent,
            b"%=" => PercentEqual,
            b"&" => Amper,
            b"&=" => AmperEqual,
            b"(" => Lpar,
            b")" => Rpar,
            b"*" => Star,
            b"**" => DoubleStar,
            b"**=" => DoubleStarEqual,
            b"*=" => StarEqual,
            b"+" => Plus,
            b"+=" => PlusEqual,
            b"," => Comma,
            b"-" => Minus,
            b"-=" => MinEqual,
            b"->" => Rarrow,
            b"." => Dot,
            b"..." => Ellipsis,
            b"/" => Slash,
            b"//" => DoubleSlash,
            b"//=" => DoubleSlashEqual,
            b"/=" => SlashEqual,
            b":" => Colon,
            b":=" => ColonEqual,
            b";" => Semi,
            b"<" => Less,
            b"<<" => LeftShift,
            b"<<=" => LeftShiftEqual,
            b"<=" => LessEqual,
            b"=" => Equal,
            b"==" => EqEqual,
            b">" => Greater,
            b">=" => GreaterEqual,
            b">>" => RightShift,
            b">>=" => RightShiftEqual,
            b"@" => At,
            b"@=" => AtEqual,
            b"[" => Lsqb,
            b"]" => Rsqb,
            b"^" => Circumflex,
            b"^=" => CircumflexEqual,
            b"{" => Lbrace,
            b"|" => Vbar,
            b"|=" => VbarEqual,
            b"}" => Rbrace,
            b"~" => Tilde,
            _ => return None,
        })
    }

    /// The kind numbered `n` in `Lib/token.py`, if any.
    pub fn from_u8(n: u8) -> Option<TokenKind> {
        TokenKind::ALL.get(usize::from(n)).copied()
    }

    /// True for the exact operator kinds (LPAR ..= COLONEQUAL), which `tokenize` reports as OP.
    pub const fn is_operator(self) -> bool {
        (self as u8) >= (TokenKind::Lpar as u8) && (self as u8) <= (TokenKind::ColonEqual as u8)
    }

    /// The generic type `tokenize` prints without `-e`: OP for every operator, the kind itself
    /// otherwise.
    pub const fn generic(self) -> TokenKind {
        if self.is_operator() { TokenKind::Op } else { self }
    }
}

impl std::fmt::Display for TokenKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One token: its kind, the byte range `start..end` of its text in the decoded source, and where it starts as a
/// 1-based line and UTF-8 byte column (the lexer knows the line it is on, so the parser need not search for it).
///
/// Tokens without text (DEDENT, ENDMARKER, the NEWLINE synthesized at end of input) have an
/// empty range at the position CPython's C tokenizer gives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    pub kind: TokenKind,
    pub start: u32,
    pub end: u32,
    /// Line of `start` (lines end at `\n`, `\r\n` or a lone `\r`, as [`LineIndex`] counts them).
    pub line: u32,
    /// Byte column of `start` on that line.
    pub col: u32,
    /// Line of `end`: later than `line` only for a string over several lines and an INDENT continued with a
    /// backslash (a NEWLINE, whose end starts the next line, keeps its own line here). A `u32` rather than a flag:
    /// a byte beside `kind` made every copy of a token a store-forwarding stall.
    pub end_line: u32,
}

impl Token {
    /// The token's text, a slice of the source it was lexed from.
    pub fn text<'s>(&self, source: &'s str) -> &'s str {
        &source[self.start as usize..self.end as usize]
    }

    /// The byte range of the token.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Line and byte column where the token ends: a NEWLINE ends at the start of the next line (but the empty one
    /// at the end of input); a token over several lines ends after its last line break.
    #[inline]
    pub fn end_line_col(&self, source: &str) -> LineCol {
        let len = self.end - self.start;
        match self.kind {
            _ if self.end_line != self.line => self.end_after_breaks(source),
            TokenKind::Newline if len > 0 => LineCol { line: self.line + 1, col: 0 },
            _ => LineCol { line: self.line, col: self.col + len },
        }
    }

    fn end_after_breaks(&self, source: &str) -> LineCol {
        let text = &source.as_bytes()[self.start as usize..self.end as usize];
        // The last break of a docstring is near its end.
        let last = text.iter().rposition(|&b| b == b'\n' || b == b'\r').unwrap_or(0);
        LineCol { line: self.end_line, col: (text.len() - last - 1) as u32 }
    }
}

/// A position in the source: 1-based line and 0-based column (bytes or characters, as documented
/// by the method that made it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Start offsets of every line of a source, to turn byte offsets into line/column positions.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`, as CPython's universal newlines read them.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
    len: u32,
}

impl LineIndex {
    /// Indexes `source`'s line starts. Sources are limited to `u32::MAX` bytes by the lexer.
    pub fn new(source: &str) -> LineIndex {
        let bytes = source.as_bytes();
        let mut starts = vec![0u32];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i as u32 + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i as u32 + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts, len: bytes.len() as u32 }
    }

    /// Number of lines (a source ending in a newline has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 1-based `line` starts (the end of the source past the last line).
    pub fn line_start(&self, line: u32) -> u32 {
        let i = (line.max(1) - 1) as usize;
        self.starts.get(i).copied().unwrap_or(self.len)
    }

    /// 1-based line of a byte offset (an offset at a line start belongs to that line).
    pub fn line_of(&self, offset: u32) -> u32 {
        match self.starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    /// Line and UTF-8 byte column of a byte offset: what the AST stores.
    pub fn line_col(&self, offset: u32) -> LineCol {
        let line = self.line_of(offset);
        LineCol { line, col: offset - self.line_start(line) }
    }

    /// Line and character column of a byte offset: what `tokenize` prints and what
    /// `SyntaxError.offset` counts (plus one).
    pub fn line_char_col(&self, source: &str, offset: u32) -> LineCol {
        let line = self.line_of(offset);
        let start = self.line_start(line) as usize;
        let col = char_count(&source.as_bytes()[start..offset as usize]);
        LineCol { line, col: col as u32 }
    }
}

/// Number of characters in a UTF-8 byte slice (counts bytes that are not continuation bytes).
pub(crate) fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_numbered_as_cpython() {
        for (i, k) in TokenKind::ALL.iter().enumerate() {
            assert_eq!(*k as usize, i);
            assert_eq!(TokenKind::from_u8(i as u8), Some(*k));
        }
        assert_eq!(TokenKind::ALL.len(), 64);
        assert_eq!(TokenKind::ColonEqual as u8, 53);
        assert_eq!(TokenKind::Encoding.name(), "ENCODING");
        assert_eq!(TokenKind::from_operator("**="), Some(TokenKind::DoubleStarEqual));
        assert_eq!(TokenKind::from_operator("<>"), None);
        assert_eq!(TokenKind::Lpar.generic(), TokenKind::Op);
        assert_eq!(TokenKind::Name.generic(), TokenKind::Name);
    }

    #[test]
    fn line_index_positions() {
        let src = "ab\ncd\r\né\rx";
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_col(0), LineCol { line: 1, col: 0 });
        assert_eq!(idx.line_col(4), LineCol { line: 2, col: 1 });
        assert_eq!(idx.line_col(7), LineCol { line: 3, col: 0 });
        assert_eq!(idx.line_col(9), LineCol { line: 3, col: 2 });
        assert_eq!(idx.line_char_col(src, 9), LineCol { line: 3, col: 1 });
        assert_eq!(idx.line_col(10), LineCol { line: 4, col: 0 });
    }
}
