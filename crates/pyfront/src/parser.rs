//! The parser: a token adapter feeding the lalrpop grammar, and the literal conversions its actions use.
//!
//! The adapter turns the lexer's C-tokenizer stream into grammar terminals: NAME tokens whose text is a keyword
//! become keyword terminals (soft keywords stay names), identifiers are NFKC-normalized as CPython does, NUMBER
//! tokens carry their value and a run of STRING tokens becomes one terminal carrying its finished node (the
//! concatenation and the f-string parts, whose expressions are parsed by a nested run of this same parser).
//! Positions are computed once per token as CPython's (line, UTF-8 column).

mod action;
mod diagnose;
mod number;
pub(crate) mod string;
mod undecodable;

#[allow(clippy::all, unused_parens, dead_code)]
mod grammar {
    lalrpop_util::lalrpop_mod!(pub grammar, "/grammar.rs");
    pub use grammar::*;
}

use bumpalo::Bump;
use lalrpop_util::ParseError;
use unicode_normalization::UnicodeNormalization;

use crate::ast::{Constant, Expr, Mod, TypeIgnore};
use crate::error::{ErrorKind, SyntaxError};
use crate::lexer::Lexer;
use crate::token::{LineCol, LineIndex, Token, TokenKind};
use action::{ActionError, Cx};
use string::{LitError, Pos, StrTok};

/// What the source is parsed as (`compile()`'s mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `exec`: a module.
    Module,
    /// `eval`: one expression.
    Expression,
    /// `single`: one interactive statement.
    Interactive,
    /// `func_type`: a signature type comment, `(int, str) -> bool`.
    FunctionType,
}

/// A grammar terminal.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Tok<'a> {
    Name(&'a str),
    Number(Constant<'a>),
    Str(&'a Expr<'a>),
    /// A `# type: ...` comment (only with type comments on), holding the text after `type:`.
    TypeComment(&'a str),
    Newline,
    Indent,
    Dedent,
    EndMarker,
    Lpar,
    Rpar,
    Lsqb,
    Rsqb,
    Colon,
    Comma,
    Semi,
    Plus,
    Minus,
    Star,
    Slash,
    Vbar,
    Amper,
    Less,
    Greater,
    Equal,
    Dot,
    Percent,
    Lbrace,
    Rbrace,
    EqEqual,
    NotEqual,
    LessEqual,
    GreaterEqual,
    Tilde,
    Circumflex,
    LeftShift,
    RightShift,
    DoubleStar,
    PlusEqual,
    MinEqual,
    StarEqual,
    SlashEqual,
    PercentEqual,
    AmperEqual,
    VbarEqual,
    CircumflexEqual,
    LeftShiftEqual,
    RightShiftEqual,
    DoubleStarEqual,
    DoubleSlash,
    DoubleSlashEqual,
    At,
    AtEqual,
    Rarrow,
    Ellipsis,
    ColonEqual,
    False,
    None,
    True,
    And,
    As,
    Assert,
    Async,
    Await,
    Break,
    Class,
    Continue,
    Def,
    Del,
    Elif,
    Else,
    Except,
    Finally,
    For,
    From,
    Global,
    If,
    Import,
    In,
    Is,
    Lambda,
    Nonlocal,
    Not,
    Or,
    Pass,
    Raise,
    Return,
    Try,
    While,
    With,
    Yield,
    /// Soft keywords, produced only where the adapter's lookahead shows a `match` statement.
    Match,
    Case,
    /// The `(` of `with (item as x, ...):` (3.11's parenthesized with-items), told apart by lookahead.
    WithLpar,
    /// Start markers selecting the input kind (never produced by the lexer).
    FStringInput,
    EvalInput,
    SingleInput,
    FuncTypeInput,
}

/// The keywords and their terminals.
const KEYWORDS: [(&str, Tok<'static>); 35] = [
    ("False", Tok::False),
    ("None", Tok::None),
    ("True", Tok::True),
    ("and", Tok::And),
    ("as", Tok::As),
    ("assert", Tok::Assert),
    ("async", Tok::Async),
    ("await", Tok::Await),
    ("break", Tok::Break),
    ("class", Tok::Class),
    ("continue", Tok::Continue),
    ("def", Tok::Def),
    ("del", Tok::Del),
    ("elif", Tok::Elif),
    ("else", Tok::Else),
    ("except", Tok::Except),
    ("finally", Tok::Finally),
    ("for", Tok::For),
    ("from", Tok::From),
    ("global", Tok::Global),
    ("if", Tok::If),
    ("import", Tok::Import),
    ("in", Tok::In),
    ("is", Tok::Is),
    ("lambda", Tok::Lambda),
    ("nonlocal", Tok::Nonlocal),
    ("not", Tok::Not),
    ("or", Tok::Or),
    ("pass", Tok::Pass),
    ("raise", Tok::Raise),
    ("return", Tok::Return),
    ("try", Tok::Try),
    ("while", Tok::While),
    ("with", Tok::With),
    ("yield", Tok::Yield),
];

/// A hash of a NAME's first byte, last byte and length that puts each keyword in a slot of its own (checked when
/// the table is built), so a NAME is a keyword only if it equals the one keyword in its slot.
const fn keyword_slot(b: &[u8]) -> usize {
    (b[0] as usize + 11 * b[b.len() - 1] as usize + b.len()) % 128
}

/// Each keyword in its `keyword_slot`; building it fails to compile if two keywords share a slot.
static KEYWORD_SLOTS: [Option<(&str, Tok<'static>)>; 128] = {
    let mut t: [Option<(&str, Tok<'static>)>; 128] = [None; 128];
    let mut i = 0;
    while i < KEYWORDS.len() {
        let slot = keyword_slot(KEYWORDS[i].0.as_bytes());
        assert!(t[slot].is_none(), "two keywords share a slot");
        t[slot] = Some(KEYWORDS[i]);
        i += 1;
    }
    t
};

/// The keyword terminal a NAME's text spells, if any. Every identifier goes through here: one table slot, then at
/// most one comparison of equal lengths.
#[inline]
fn keyword(text: &str) -> Option<Tok<'static>> {
    let b = text.as_bytes();
    if !(2..=8).contains(&b.len()) {
        return None;
    }
    match KEYWORD_SLOTS[keyword_slot(b)] {
        Some((k, tok)) if k.len() == b.len() && k.as_bytes() == b => Some(tok),
        _ => None,
    }
}

#[inline]
fn operator(kind: TokenKind) -> Option<Tok<'static>> {
    use TokenKind as K;
    Some(match kind {
        K::Lpar => Tok::Lpar,
        K::Rpar => Tok::Rpar,
        K::Lsqb => Tok::Lsqb,
        K::Rsqb => Tok::Rsqb,
        K::Colon => Tok::Colon,
        K::Comma => Tok::Comma,
        K::Semi => Tok::Semi,
        K::Plus => Tok::Plus,
        K::Minus => Tok::Minus,
        K::Star => Tok::Star,
        K::Slash => Tok::Slash,
        K::Vbar => Tok::Vbar,
        K::Amper => Tok::Amper,
        K::Less => Tok::Less,
        K::Greater => Tok::Greater,
        K::Equal => Tok::Equal,
        K::Dot => Tok::Dot,
        K::Percent => Tok::Percent,
        K::Lbrace => Tok::Lbrace,
        K::Rbrace => Tok::Rbrace,
        K::EqEqual => Tok::EqEqual,
        K::NotEqual => Tok::NotEqual,
        K::LessEqual => Tok::LessEqual,
        K::GreaterEqual => Tok::GreaterEqual,
        K::Tilde => Tok::Tilde,
        K::Circumflex => Tok::Circumflex,
        K::LeftShift => Tok::LeftShift,
        K::RightShift => Tok::RightShift,
        K::DoubleStar => Tok::DoubleStar,
        K::PlusEqual => Tok::PlusEqual,
        K::MinEqual => Tok::MinEqual,
        K::StarEqual => Tok::StarEqual,
        K::SlashEqual => Tok::SlashEqual,
        K::PercentEqual => Tok::PercentEqual,
        K::AmperEqual => Tok::AmperEqual,
        K::VbarEqual => Tok::VbarEqual,
        K::CircumflexEqual => Tok::CircumflexEqual,
        K::LeftShiftEqual => Tok::LeftShiftEqual,
        K::RightShiftEqual => Tok::RightShiftEqual,
        K::DoubleStarEqual => Tok::DoubleStarEqual,
        K::DoubleSlash => Tok::DoubleSlash,
        K::DoubleSlashEqual => Tok::DoubleSlashEqual,
        K::At => Tok::At,
        K::AtEqual => Tok::AtEqual,
        K::Rarrow => Tok::Rarrow,
        K::Ellipsis => Tok::Ellipsis,
        K::ColonEqual => Tok::ColonEqual,
        K::Newline => Tok::Newline,
        K::Indent => Tok::Indent,
        K::Dedent => Tok::Dedent,
        K::EndMarker => Tok::EndMarker,
        _ => return None,
    })
}

/// Tokenizer errors that pegen (`_Pypegen_tokenizer_error`) rather than the tokenizer raises: their columns are
/// byte counts when the source is bytes without an encoding declaration.
const PEGEN_TOKENIZER_ERRORS: [&str; 5] = [
    "unexpected EOF while parsing",
    "unexpected character after line continuation character",
    "unindent does not match any outer indentation level",
    "inconsistent use of tabs and spaces in indentation",
    "too many levels of indentation",
];

/// Where a (sub-)source sits in the file: f-string expressions are parsed from `(expr)` whose first line is shifted.
#[derive(Clone, Copy, Debug)]
struct Shift {
    /// Added to every line (0 for a whole file).
    lines: u32,
    /// Added to the columns of tokens that end on the first line.
    first_line_cols: u32,
}

/// The text after `# type:` if `comment` is a type comment (`#`, blanks, `type:`, blanks).
fn type_comment_body(comment: &str) -> Option<&str> {
    let rest = comment.strip_prefix('#')?.trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix("type:")?;
    Some(rest.trim_start_matches([' ', '\t']))
}

/// How deeply f-string expressions may nest parsers (each nesting is one more level of quotes, so real code stays
/// far below this).
const MAX_FSTRING_DEPTH: u32 = 50;

/// A compound statement header seen by the adapter, for "expected an indented block after ..." messages.
#[derive(Clone, Copy, Debug)]
struct Header {
    what: &'static str,
    line: u32,
}

/// Feeds the grammar: lexer tokens mapped to terminals with positions.
///
/// A source is parsed in up to two passes, as CPython's parser does: the first (`DIAG` false) tracks only what
/// the token stream needs (soft keywords, with-items, type comments); only when it fails does a second pass
/// (`DIAG` true) re-read the source while recording what the error messages need (previous tokens, open brackets
/// and their arguments, the last compound statement header), so that correct code never pays for diagnostics.
struct Adapter<'a, const DIAG: bool> {
    /// The source, copied into the arena once so that names and other token texts are slices of it.
    src: &'a str,
    lexer: Lexer<'a>,
    /// All line starts, built only when a position the lexer did not give is asked for (errors, type comments).
    index: std::cell::OnceCell<LineIndex>,
    arena: &'a Bump,
    shift: Shift,
    depth: u32,
    /// One token read ahead (after a run of strings).
    peeked: Option<Token>,
    /// Tokens read ahead by the soft-keyword and with-item lookahead, yielded after `peeked`.
    ahead: std::collections::VecDeque<Result<Token, SyntaxError>>,
    /// The last terminal yielded ended a line (NEWLINE, INDENT, DEDENT) or none was yet: a statement starts here.
    line_start: bool,
    /// The last terminal yielded was `with`.
    after_with: bool,
    /// INDENT count minus DEDENT count so far.
    indent: u32,
    /// The indentation levels of the case blocks of the open `match` statements, innermost last.
    match_levels: Vec<u32>,
    /// The start marker still to yield.
    start: Option<Tok<'a>>,
    /// The first error met while reading tokens; the parse reports it.
    error: Option<SyntaxError>,
    // The fields from here to `header` are kept up to date only in the diagnostic pass.
    /// The previous token and bracket depth, for error messages.
    prev: Option<(Pos, Pos, bool)>,
    prev2: Option<(Pos, Pos, bool)>,
    /// The previous terminal was a NAME spelling `print` or `exec` (Python 2 statements get a hint).
    prev_legacy: Option<&'static str>,
    /// The same for the terminal before (the failing terminal is the last one yielded).
    prev2_legacy: Option<&'static str>,
    /// The open brackets, innermost last: whether each is a call's `(` and where its current argument starts (for
    /// "expression cannot contain assignment").
    /// The third field counts the argument's `=` and `:=`.
    open: Vec<(bool, Pos, u8)>,
    /// The previous two terminals' spellings when they are `True`, `False` or `None`.
    prev_const: [Option<&'static str>; 2],
    /// The next terminal starts an argument of the innermost bracket.
    arg_next: bool,
    /// `SyntaxError` offsets count bytes, as CPython's do for byte input without a coding declaration.
    byte_offsets: bool,
    brackets: u32,
    header: Option<Header>,
    done: bool,
    /// Type comments (`ast.parse(..., type_comments=True)`, what `python3 -m ast` uses).
    type_comments: bool,
    /// End of the last token whose preceding gap was scanned for comments.
    last_end: u32,
    /// Terminals made from comments, yielded before the token that follows them.
    pending: std::collections::VecDeque<Spanned<'a>>,
    type_ignores: bumpalo::collections::Vec<'a, TypeIgnore<'a>>,
    /// The string run being converted (a buffer kept across runs).
    strs: Vec<StrTok<'a>>,
    /// Whether a failed parse looks for pegen's specialised errors (`parser/diagnose.rs`): not for function type
    /// input, whose grammar has none of them.
    specialised: bool,
}

type Spanned<'a> = (Pos, Tok<'a>, Pos);

impl<'a, const DIAG: bool> Adapter<'a, DIAG> {
    fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(self.src))
    }

    /// A position in file terms: columns of a token ending on this source's first line are shifted too.
    fn shifted(&self, lc: LineCol, end_line: u32) -> Pos {
        let col = if end_line == 1 { lc.col + self.shift.first_line_cols } else { lc.col };
        Pos { line: lc.line + self.shift.lines, col }
    }

    fn pos(&self, offset: u32, end_line: u32) -> Pos {
        let lc = self.index().line_col(offset);
        self.shifted(lc, end_line)
    }

    /// A token's start and end: the lexer gives the start, the end is on the same line but for strings and line
    /// ends.
    fn span(&self, t: Token) -> (Pos, Pos) {
        let s = LineCol { line: t.line, col: t.col };
        let e = t.end_line_col(self.src);
        (self.shifted(s, e.line), self.shifted(e, e.line))
    }

    /// The next token to convert: `peeked`, then the lookahead buffer, then the lexer. `None` at the end of the
    /// stream and at a tokenizer error, which is then in `self.error`.
    #[inline(always)]
    fn next_raw(&mut self) -> Option<Token> {
        if let Some(t) = self.peeked.take() {
            return Some(t);
        }
        if self.ahead.is_empty() {
            let t = self.lexer.advance();
            if t.is_none() {
                self.error = self.lexer.take_error().map(|e| self.place_lexer_error(e));
            }
            return t;
        }
        match self.ahead.pop_front() {
            Some(Ok(t)) => Some(t),
            Some(Err(e)) => {
                self.error = Some(e);
                None
            }
            None => None,
        }
    }

    /// The next token after `peeked`: from the lookahead buffer, else from the lexer.
    fn next_lexed(&mut self) -> Option<Result<Token, SyntaxError>> {
        if let Some(t) = self.ahead.pop_front() {
            return Some(t);
        }
        self.lex()
    }

    /// The lexer's next token, its errors placed as CPython places tokenizer errors: in file lines inside an
    /// f-string expression, and in bytes for byte input without an encoding declaration.
    fn lex(&mut self) -> Option<Result<Token, SyntaxError>> {
        match self.lexer.next()? {
            Ok(t) => Some(Ok(t)),
            Err(e) => Some(Err(self.place_lexer_error(e))),
        }
    }

    /// Only the errors pegen raises for the tokenizer count bytes for byte input; the tokenizer's own count
    /// characters.
    fn place_lexer_error(&self, mut e: SyntaxError) -> SyntaxError {
        if self.depth > 0 {
            if e.lineno > 0 {
                e.lineno += self.shift.lines;
            }
            if e.end_lineno > 0 {
                e.end_lineno += self.shift.lines;
            }
        } else if self.byte_offsets && PEGEN_TOKENIZER_ERRORS.contains(&e.msg.as_str()) {
            e.offset = self.char_to_byte_offset(e.lineno, e.offset);
            e.end_offset = self.char_to_byte_offset(e.end_lineno, e.end_offset);
        }
        e
    }

    /// A 1-based character offset into `line` as a 1-based byte offset (offsets below 1 stay as they are).
    fn char_to_byte_offset(&self, line: u32, offset: i32) -> i32 {
        if line == 0 || offset < 1 || line as usize > self.index().line_count() {
            return offset;
        }
        let rest = &self.src[self.index().line_start(line) as usize..];
        let text = &rest[..rest.find('\n').map_or(rest.len(), |i| i + 1)];
        let chars = (offset - 1) as usize;
        // Offsets past the line's end (the tokenizer's implicit newline) keep their distance from it.
        let bytes = text
            .char_indices()
            .nth(chars)
            .map_or_else(|| text.len() + chars.saturating_sub(text.chars().count()), |(i, _)| i);
        bytes as i32 + 1
    }

    /// The token `i` places past the one being converted (None at the end or at a lexer error).
    fn ahead_nth(&mut self, i: usize) -> Option<Token> {
        while self.ahead.len() <= i {
            let t = self.lex()?;
            self.ahead.push_back(t);
        }
        self.ahead[i].as_ref().ok().copied()
    }

    /// Whether a `match` NAME at a statement start begins a match statement: its line ends with `:`, which no
    /// simple statement can (so a missing or wrong block is reported as the match statement's).
    fn match_stmt_ahead(&mut self) -> bool {
        let mut i = 0;
        let mut last = None;
        loop {
            match self.ahead_nth(i) {
                Some(t) if t.kind == TokenKind::Newline => break,
                Some(t) if t.kind == TokenKind::EndMarker => return false,
                Some(t) => last = Some(t.kind),
                None => return false,
            }
            i += 1;
        }
        last == Some(TokenKind::Colon)
    }

    /// Whether the `(` just after `with` opens parenthesized with-items: an `as` at its own bracket level. Without an `as`, `with (a, b):` parses as before (a tuple split into items).
    fn paren_with_items_ahead(&mut self) -> bool {
        let mut depth = 1u32;
        let mut saw_as = false;
        let mut i = 0;
        loop {
            let Some(t) = self.ahead_nth(i) else { return false };
            match t.kind {
                TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => depth += 1,
                TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                    depth -= 1;
                    if depth == 0 {
                        // `as` has no other use inside parentheses, so a missing `:` is reported as such.
                        return saw_as;
                    }
                }
                TokenKind::Name if depth == 1 && t.text(self.src) == "as" => saw_as = true,
                TokenKind::Newline | TokenKind::EndMarker => return false,
                _ => {}
            }
            i += 1;
        }
    }

    /// Where pegen reports an error without a known location at a DEDENT or ENDMARKER (tokens without columns):
    /// the tokenizer's position, 0-based, as line, offset and whether the token is at the end of the source. At
    /// the end that is the end of the last line (its newline included); elsewhere, after the indentation.
    fn layout_error(&self, tok: &Tok<'_>, s: Pos) -> Option<(u32, i32, bool)> {
        if !matches!(tok, Tok::Dedent | Tok::EndMarker) || self.depth > 0 {
            return None;
        }
        let len = self.src.len() as u32;
        let at_end = s.line as usize > self.index().line_count() || self.index().line_start(s.line) + s.col >= len;
        if !at_end {
            let (line, off) = self.char_pos(s);
            return Some((line, off as i32 - 1, false));
        }
        let b = self.src.as_bytes();
        if b.is_empty() {
            // No line was read (only string input, which gets no newline, can fail empty).
            return Some((0, 0, true));
        }
        // The last line, counted as the C tokenizer counts lines (a final newline ends a line, opens none).
        let body = b.strip_suffix(b"\n").unwrap_or(b);
        let last_start = body.iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
        let line = b[..last_start].iter().filter(|&&c| c == b'\n').count() as u32 + 1;
        let text = &b[last_start..];
        let chars = if self.byte_offsets { text.len() } else { crate::token::char_count(text) };
        // A missing final newline is supplied by the tokenizer.
        let chars = chars + usize::from(!b.ends_with(b"\n"));
        Some((line, chars as i32, true))
    }

    /// The byte offset in this source of a position in file terms.
    fn offset_of(&self, p: Pos) -> Option<u32> {
        let line = p.line.checked_sub(self.shift.lines)?.max(1);
        let col = if line == 1 { p.col.checked_sub(self.shift.first_line_cols)? } else { p.col };
        Some(self.index().line_start(line) + col)
    }

    /// Whether the source text from `start` to `end` parses as an expression list (parsed again on its own, which
    /// only error reporting does).
    fn parses_as_expressions(&self, start: Pos, end: Pos) -> bool {
        let (Some(s), Some(e)) = (self.offset_of(start), self.offset_of(end)) else { return false };
        let Some(text) = self.src.get(s as usize..e as usize) else { return false };
        let arena = Bump::new();
        let shift = Shift { lines: 0, first_line_cols: 0 };
        parse_source(text, Tok::EvalInput, &arena, shift, self.depth + 1, false).is_ok()
    }

    /// Where a `:` (not `:=`) follows position `p`, past blanks, comments and line breaks (the rest of a bracketed
    /// expression).
    fn colon_after(&self, p: Pos) -> Option<Pos> {
        let mut i = self.offset_of(p)? as usize;
        let b = self.src.as_bytes();
        loop {
            match b.get(i)? {
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\\' => i += 1,
                b'#' => {
                    while b.get(i).is_some_and(|&c| c != b'\n') {
                        i += 1;
                    }
                }
                b':' if b.get(i + 1) != Some(&b'=') => {
                    let lc = self.index().line_col(i as u32);
                    return Some(self.shifted(lc, lc.line));
                }
                _ => return None,
            }
        }
    }

    /// Where the expression starting at `p` has its location: inside the parentheses of a parenthesized
    /// expression (a group keeps its content's span), at `p` for anything else, tuples and generators included.
    fn group_inner_start(&self, p: Pos) -> Pos {
        let Some(off) = self.offset_of(p) else { return p };
        let toks: Vec<Token> = Lexer::new(&self.src[off as usize..]).map_while(Result::ok).take(4096).collect();
        let mut i = 0;
        while toks.get(i).is_some_and(|t| t.kind == TokenKind::Lpar) {
            // The matching `)`, and whether a comma or `for` at the group's own level makes it no group.
            let (mut depth, mut j, mut plain) = (0u32, i, true);
            while let Some(t) = toks.get(j) {
                match t.kind {
                    TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => depth += 1,
                    TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    TokenKind::Comma if depth == 1 => plain = false,
                    TokenKind::Name if depth == 1 && t.text(&self.src[off as usize..]) == "for" => plain = false,
                    _ => {}
                }
                j += 1;
            }
            // A group followed by more (`(a).b`) is part of a larger expression that starts at its `(`.
            let closes = toks.get(j + 1).is_some_and(|t| matches!(t.kind, TokenKind::Equal | TokenKind::Rpar));
            if !plain || j == i + 1 || toks.get(j).is_none() || !closes {
                break;
            }
            i += 1;
        }
        match toks.get(i) {
            Some(t) if i > 0 => {
                let lc = self.index().line_col(off + t.start);
                self.shifted(lc, lc.line)
            }
            _ => p,
        }
    }

    /// The tokenizer error pegen meets after a parse error at `tok` (starting at `s`): any in the rest of the
    /// source (it tokenizes the whole source to look), but an unclosed bracket only when the failing token lies on
    /// a later line than it. After a comma the first pass has already read the next token, so a tokenizer error
    /// there is met before any. (pegen's second pass may also read into an unclosed bracket and meet the end of
    /// the input there, which depends on how far its rules get; not modelled.)
    fn tokenizer_error_after(&mut self, tok: &Tok<'_>, s: Pos) -> Option<SyntaxError> {
        if matches!(tok, Tok::EndMarker) {
            return None;
        }

        let buffered: Vec<_> = self.ahead.drain(..).collect();
        let peeked = self.peeked.take().map(Ok);
        let mut rest: std::collections::VecDeque<_> = peeked.into_iter().chain(buffered).collect();
        for i in 0.. {
            let t = match rest.pop_front() {
                Some(t) => t,
                None => self.lex()?,
            };
            if let Err(e) = t {
                // Errors pegen words for the tokenizer (indentation, end of input) set no exception while it
                // looks, so they stop the search without replacing the error.
                if PEGEN_TOKENIZER_ERRORS.contains(&e.msg.as_str()) {
                    return None;
                }
                let next_after_comma = i == 0 && matches!(tok, Tok::Comma);
                if e.msg.ends_with("was never closed") && e.lineno >= s.line && !next_after_comma {
                    return None;
                }
                return Some(e);
            }
        }
        None
    }

    /// The first token after the DEDENTs that follow the failing one.
    fn after_dedents(&mut self) -> Option<Token> {
        let mut i = 0;
        loop {
            let t = self.ahead_nth(i)?;
            if t.kind != TokenKind::Dedent {
                return Some(t);
            }
            i += 1;
        }
    }

    /// Whether the `except` on (local) line `line` is an `except*`.
    fn except_star(&self, line: u32) -> bool {
        let start = self.index().line_start(line.saturating_sub(self.shift.lines).max(1)) as usize;
        let rest = self.src[start..].trim_start();
        rest.strip_prefix("except").is_some_and(|r| r.trim_start().starts_with('*'))
    }

    fn error_here(&self, msg: String, start: Pos, end: Pos) -> SyntaxError {
        let (l, o) = self.char_pos(start);
        let (el, eo) = self.char_pos(end);
        SyntaxError::new(msg, l, o as i32, el, eo as i32)
    }

    /// A position as `SyntaxError` counts it: line and 1-based character offset into that line of this source.
    fn char_pos(&self, p: Pos) -> (u32, u32) {
        let local_line = p.line.saturating_sub(self.shift.lines).max(1);
        let mut col = p.col;
        if local_line == 1 {
            col = col.saturating_sub(self.shift.first_line_cols);
        }
        let start = self.index().line_start(local_line) as usize;
        let end = (start + col as usize).min(self.src.len());
        let chars = if self.byte_offsets {
            end - start
        } else {
            self.src.get(start..end).map_or(col as usize, |s| s.chars().count())
        };
        (p.line, chars as u32 + 1)
    }

    #[inline(never)]
    fn string_run(&mut self, first: Token) -> Result<Spanned<'a>, SyntaxError> {
        // The buffer is kept between runs: most runs are one string, and a run per malloc showed in profiles.
        let mut strs = std::mem::take(&mut self.strs);
        strs.clear();
        let (s, e) = self.span(first);
        strs.push(StrTok { text: first.text(self.src), start: s, end: e });
        let mut last_end = first.end;
        let next = loop {
            match self.next_lexed() {
                Some(Ok(t)) if t.kind == TokenKind::String => {
                    let (s, e) = self.span(t);
                    strs.push(StrTok { text: t.text(self.src), start: s, end: e });
                    last_end = t.end;
                }
                Some(Ok(t)) => break t,
                Some(Err(e)) => return Err(e),
                None => {
                    let e = first.end_line_col(self.src);
                    break Token {
                        kind: TokenKind::EndMarker,
                        start: first.end,
                        end: first.end,
                        line: e.line,
                        col: e.col,
                        end_line: e.line,
                    };
                }
            }
        };
        self.peeked = Some(next);
        self.last_end = last_end;
        let arena = self.arena;
        let depth = self.depth;
        let byte_offsets = self.byte_offsets;
        let mut parse_expr = |src: &str, line: u32, col: u32| -> Result<&'a Expr<'a>, SyntaxError> {
            if depth >= MAX_FSTRING_DEPTH {
                return Err(SyntaxError::new("too many nested f-strings", line, 0, line, 0));
            }
            let shift = Shift { lines: line - 1, first_line_cols: col };
            let parsed =
                parse_source(src, Tok::FStringInput, arena, shift, depth + 1, byte_offsets).map_err(|mut e| {
                    // CPython's f-string sub-parser reports the line of the `(expr)` text it read as the error's.
                    if e.text.is_none() {
                        let local = e.lineno.saturating_sub(line - 1).max(1) as usize;
                        e.text = Some(src.split_inclusive('\n').nth(local - 1).unwrap_or(src).into());
                    }
                    e
                })?;
            match parsed {
                Mod::Expression { body } => Ok(body),
                _ => Err(SyntaxError::new("f-string: invalid syntax", line, 0, line, 0)),
            }
        };
        let result = string::concatenate(&strs, arena, &mut parse_expr);
        let (first, last) = (strs[0].start, strs[strs.len() - 1].end);
        let at = |i: usize| (strs[i].start, strs[i].end);
        let at_token = match &result {
            Err(LitError::AtToken(i, _)) => at(*i),
            _ => (first, last),
        };
        self.strs = strs;
        match result {
            Ok(e) => Ok((first, Tok::Str(arena.alloc(e)), last)),
            Err(LitError::Syntax(e)) => Err(e),
            Err(LitError::AtToken(_, msg)) => Err(self.error_here(msg, at_token.0, at_token.1)),
            Err(LitError::AtNext(msg)) => {
                let (s, e) = self.span(next);
                let e = if next.kind == TokenKind::Newline { s } else { e };
                Err(self.error_here(msg, s, e))
            }
        }
    }

    #[inline(always)]
    fn convert(&mut self, t: Token) -> Result<Spanned<'a>, SyntaxError> {
        if t.kind == TokenKind::String {
            return self.string_run(t);
        }
        let (s, e) = self.span(t);
        let tok = match t.kind {
            TokenKind::Name => {
                let text = t.text(self.src);
                match keyword(text) {
                    Some(k) => {
                        self.note_header(&k, s.line);
                        k
                    }
                    None if self.line_start && text == "match" && self.match_stmt_ahead() => {
                        self.match_levels.push(self.indent + 1);
                        self.note_header(&Tok::Match, s.line);
                        Tok::Match
                    }
                    None if self.line_start && text == "case" && self.match_levels.last() == Some(&self.indent) => {
                        self.note_header(&Tok::Case, s.line);
                        Tok::Case
                    }
                    None if text.is_ascii() => Tok::Name(text),
                    None => {
                        let mut n = bumpalo::collections::String::new_in(self.arena);
                        n.extend(text.nfkc());
                        Tok::Name(n.into_bump_str())
                    }
                }
            }
            TokenKind::Number => match number::parse_number(t.text(self.src), self.arena) {
                Ok(c) => Tok::Number(c),
                Err(number::NumberError::TooManyDigits(msg)) => {
                    return Err(SyntaxError::new(msg, s.line, 0, s.line, 0));
                }
            },
            TokenKind::Lpar if self.after_with && self.paren_with_items_ahead() => Tok::WithLpar,
            kind => match operator(kind) {
                Some(tok) => tok,
                None => {
                    // pegen reports a token the tokenizer could not make as a parser error, so f-string
                    // expressions get their prefix.
                    let msg = if self.depth > 0 { "f-string: invalid syntax" } else { "invalid syntax" };
                    return Err(self.error_here(msg.into(), s, e));
                }
            },
        };
        if DIAG {
            match tok {
                Tok::Lpar | Tok::WithLpar | Tok::Lsqb | Tok::Lbrace => self.brackets += 1,
                Tok::Rpar | Tok::Rsqb | Tok::Rbrace => self.brackets = self.brackets.saturating_sub(1),
                _ => {}
            }
        }
        Ok((s, tok, e))
    }

    /// Finds `# type:` comments between two tokens, as CPython's tokenizer does with type comments on: `# type:
    /// ignore...` is recorded for `Module.type_ignores`, any other becomes a TYPE_COMMENT terminal (followed by a
    /// NEWLINE when the comment has its own line, as the C tokenizer emits it).
    fn scan_comments(&mut self, from: u32, to: u32) {
        let gap = &self.src[from as usize..to as usize];
        let mut i = 0;
        while let Some(k) = gap[i..].find('#') {
            let start = i + k;
            let end = gap[start..].find(['\n', '\r']).map_or(gap.len(), |e| start + e);
            i = end;
            let comment = &gap[start..end];
            let Some(body) = type_comment_body(comment) else { continue };
            let abs = from + start as u32;
            let line = self.index().line_of(abs);
            let own_line = self.src[self.index().line_start(line) as usize..abs as usize].trim().is_empty();
            let ignore_tag = body
                .strip_prefix("ignore")
                .filter(|rest| !rest.as_bytes().first().is_some_and(|&b| b >= 128 || b.is_ascii_alphanumeric()));
            if let Some(tag) = ignore_tag {
                let tag = self.arena.alloc_str(tag);
                self.type_ignores.push(TypeIgnore { lineno: line + self.shift.lines, tag });
                continue;
            }
            let text = self.arena.alloc_str(body);
            // The C tokenizer's TYPE_COMMENT token spans the text after `type:`.
            let body_abs = abs + (comment.len() - body.len()) as u32;
            let (s, e) = (self.pos(body_abs, line), self.pos(from + end as u32, line));
            self.pending.push_back((s, Tok::TypeComment(text), e));
            if own_line {
                self.pending.push_back((e, Tok::Newline, e));
            }
        }
    }

    fn note_header(&mut self, k: &Tok<'_>, line: u32) {
        if !DIAG {
            return;
        }
        let what = match k {
            Tok::If => "'if' statement",
            Tok::Elif => "'elif' statement",
            Tok::Else => "'else' statement",
            Tok::While => "'while' statement",
            Tok::For => "'for' statement",
            Tok::Def => "function definition",
            Tok::Class => "class definition",
            Tok::Try => "'try' statement",
            Tok::Except => "'except' statement",
            Tok::Finally => "'finally' statement",
            Tok::With => "'with' statement",
            Tok::Match => "'match' statement",
            Tok::Case => "'case' statement",
            _ => return,
        };
        if self.brackets == 0 {
            self.header = Some(Header { what, line });
        }
    }
}

impl<'a, const DIAG: bool> Iterator for &mut Adapter<'a, DIAG> {
    type Item = Result<Spanned<'a>, ActionError>;

    // Inlined into the LR driver so that the terminal reaches it in registers: returned through memory, its
    // unaligned copy stalled on store forwarding (a tenth of the run time in perf).
    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        if let Some(start) = self.start.take() {
            return Some(Ok((Pos { line: 1, col: 0 }, start, Pos { line: 1, col: 0 })));
        }
        if self.type_comments
            && let Some(sp) = self.pending.pop_front()
        {
            return Some(Ok(sp));
        }
        if self.done {
            return None;
        }
        let Some(t) = self.next_raw() else {
            self.error.as_ref()?;
            self.done = true;
            return Some(Err(ActionError { msg: String::new(), start: Pos::default(), end: Pos::default() }));
        };
        if self.type_comments && t.start >= self.last_end {
            self.scan_comments(self.last_end, t.start);
            self.last_end = t.end;
            if let Some(sp) = self.pending.pop_front() {
                self.peeked = Some(t);
                return Some(Ok(sp));
            }
        }
        match self.convert(t) {
            Ok(sp) => {
                if DIAG {
                    self.track(&sp);
                }
                self.line_start = matches!(sp.1, Tok::Newline | Tok::Indent | Tok::Dedent);
                self.after_with = matches!(sp.1, Tok::With);
                match sp.1 {
                    Tok::Indent => self.indent += 1,
                    Tok::Dedent => {
                        self.indent = self.indent.saturating_sub(1);
                        while self.match_levels.last().is_some_and(|&l| l > self.indent) {
                            self.match_levels.pop();
                        }
                    }
                    Tok::EndMarker => self.done = true,
                    _ => {}
                }
                Some(Ok(sp))
            }
            Err(e) => {
                self.error = Some(e);
                self.done = true;
                Some(Err(ActionError { msg: String::new(), start: Pos::default(), end: Pos::default() }))
            }
        }
    }
}

impl<'a, const DIAG: bool> Adapter<'a, DIAG> {
    /// Records what error messages need about a terminal about to be yielded (diagnostic pass only).
    fn track(&mut self, sp: &Spanned<'a>) {
        {
            {
                let expr_end = matches!(
                    sp.1,
                    Tok::Name(_)
                        | Tok::Number(_)
                        | Tok::Str(_)
                        | Tok::Rpar
                        | Tok::Rsqb
                        | Tok::Rbrace
                        | Tok::True
                        | Tok::False
                        | Tok::None
                        | Tok::Ellipsis
                );
                if std::mem::take(&mut self.arg_next)
                    && let Some(top) = self.open.last_mut()
                {
                    top.1 = sp.0;
                    top.2 = 0;
                }
                self.prev_const = [
                    self.prev_const[1],
                    match sp.1 {
                        Tok::True => Some("True"),
                        Tok::False => Some("False"),
                        Tok::None => Some("None"),
                        _ => None,
                    },
                ];
                match sp.1 {
                    Tok::Lpar | Tok::WithLpar | Tok::Lsqb | Tok::Lbrace => {
                        let call = matches!(sp.1, Tok::Lpar) && self.prev.is_some_and(|p| p.2);
                        self.open.push((call, sp.2, 0));
                        self.arg_next = true;
                    }
                    Tok::Rpar | Tok::Rsqb | Tok::Rbrace => {
                        self.open.pop();
                    }
                    Tok::Comma => self.arg_next = true,
                    Tok::Equal | Tok::ColonEqual => {
                        if let Some(top) = self.open.last_mut() {
                            top.2 = top.2.saturating_add(1);
                        }
                    }
                    _ => {}
                }
                self.prev2 = self.prev;
                self.prev = Some((sp.0, sp.2, expr_end));
                self.prev2_legacy = self.prev_legacy;
                self.prev_legacy = match sp.1 {
                    Tok::Name("print") => Some("print"),
                    Tok::Name("exec") => Some("exec"),
                    _ => None,
                };
            }
        }
    }
}

/// What a parse reads: the source (already in the arena) and how it sits in the file.
#[derive(Clone, Copy)]
struct Setup<'a> {
    src: &'a str,
    /// The start marker selecting the input kind, if not a module.
    start: Option<Tok<'a>>,
    /// The `compile()` mode of a whole source; `None` for an f-string expression.
    mode: Option<Mode>,
    shift: Shift,
    depth: u32,
    byte_offsets: bool,
    type_comments: bool,
}

impl<'a> Setup<'a> {
    fn adapter<const DIAG: bool>(&self, arena: &'a Bump) -> Adapter<'a, DIAG> {
        // `parse_with` refused NUL bytes, and f-string expressions come from such a source.
        let mut lexer = Lexer::new_nul_free(self.src);
        if matches!(self.mode, Some(m) if m != Mode::Module) {
            // compile() adds a final newline to `exec` input only.
            lexer = lexer.without_final_newline();
        }
        Adapter {
            src: self.src,
            lexer,
            index: std::cell::OnceCell::new(),
            arena,
            shift: self.shift,
            depth: self.depth,
            peeked: None,
            ahead: std::collections::VecDeque::new(),
            // A module or single input starts with a statement; the start markers of the others are no line end.
            line_start: matches!(self.mode, Some(Mode::Module | Mode::Interactive)),
            after_with: false,
            indent: 0,
            match_levels: Vec::new(),
            start: self.start,
            error: None,
            prev: None,
            prev2: None,
            prev_legacy: None,
            prev2_legacy: None,
            open: Vec::new(),
            prev_const: [None, None],
            arg_next: false,
            byte_offsets: self.byte_offsets,
            brackets: 0,
            header: None,
            done: false,
            type_comments: self.type_comments,
            last_end: 0,
            pending: std::collections::VecDeque::new(),
            type_ignores: bumpalo::collections::Vec::new_in(arena),
            strs: Vec::new(),
            specialised: self.mode != Some(Mode::FunctionType),
        }
    }

    /// Parses in the lean pass, and again in the diagnostic pass only to word an error.
    fn parse(&self, arena: &'a Bump) -> Result<Mod<'a>, SyntaxError> {
        let cx = Cx::new(arena);
        let mut lean = self.adapter::<false>(arena);
        if let Ok(done) = self.run(&cx, &mut lean) {
            if done.is_ok() && cx.too_deep_for_pegen() {
                return Err(SyntaxError::memory_error());
            }
            return done;
        }
        let mut diag = self.adapter::<true>(arena);
        match self.run(&cx, &mut diag) {
            Ok(done) => done,
            Err((e, at_end)) => Err(match self.mode {
                None => convert_error(&mut diag, e, true),
                Some(Mode::Module) => convert_error(&mut diag, e, false),
                Some(_) => string_input_error(&mut diag, e, at_end),
            }),
        }
    }

    /// One pass: the finished result, or the grammar's error (with where single input ends) for the diagnostic
    /// pass to word. Tokenizer errors and single input's check of what follows the statement are finished results.
    #[allow(clippy::type_complexity)]
    fn run<const DIAG: bool>(
        &self,
        cx: &Cx<'a>,
        ad: &mut Adapter<'a, DIAG>,
    ) -> Result<Result<Mod<'a>, SyntaxError>, (ParseError<Pos, Tok<'a>, ActionError>, Option<Pos>)> {
        if self.mode == Some(Mode::Interactive) {
            return parse_single(cx, ad);
        }
        let result = grammar::TopParser::new().parse(cx, &mut *ad);
        if let Some(e) = ad.error.take() {
            return Ok(Err(e));
        }
        match result {
            Ok(&Mod::Module { body, .. }) => {
                let type_ignores = std::mem::replace(&mut ad.type_ignores, bumpalo::collections::Vec::new_in(cx.arena));
                Ok(Ok(Mod::Module { body, type_ignores: type_ignores.into_bump_slice() }))
            }
            Ok(m) => Ok(Ok(*m)),
            Err(e) => Err((e, None)),
        }
    }
}

fn parse_source<'a>(
    src: &str,
    start: Tok<'a>,
    arena: &'a Bump,
    shift: Shift,
    depth: u32,
    byte_offsets: bool,
) -> Result<Mod<'a>, SyntaxError> {
    // Type comments are a statement-level matter: f-string expressions never see them.
    let src: &'a str = arena.alloc_str(src);
    Setup { src, start: Some(start), mode: None, shift, depth, byte_offsets, type_comments: false }.parse(arena)
}

fn convert_error(ad: &mut Adapter<'_, true>, e: ParseError<Pos, Tok<'_>, ActionError>, fstring: bool) -> SyntaxError {
    let prefix = if fstring { "f-string: " } else { "" };
    match e {
        ParseError::User { error } => {
            if error.msg == "expected 'else' after 'if' expression"
                && let Some(colon) = ad.colon_after(error.end)
            {
                // pegen's rule does not apply before a `:`, which leaves the generic error there.
                let end = Pos { line: colon.line, col: colon.col + 1 };
                return ad.error_here(format!("{prefix}invalid syntax"), colon, end);
            }
            ad.error_here(format!("{prefix}{}", error.msg), error.start, error.end)
        }
        ParseError::UnrecognizedToken { token: (s, tok, e), expected } => {
            let expects = |t: &str| expected.iter().any(|x| x == t);
            if matches!(tok, Tok::Indent) {
                // pegen has no column for INDENT and reports the tokenizer's position (after the indentation,
                // not 1-based) and no end.
                let (line, off) = ad.char_pos(e);
                return SyntaxError::new("unexpected indent", line, off as i32 - 1, line, -1)
                    .with_kind(ErrorKind::IndentationError);
            }
            if matches!(tok, Tok::TypeComment(_)) && expects("\"INDENT\"") {
                // A second type comment on its own line before a function body: pegen's rule reads on to the
                // INDENT, which has no column (the tokenizer's position after the indentation, no end).
                let next = ad.peeked.or_else(|| ad.ahead_nth(0));
                if let Some(t) = next.filter(|t| t.kind == TokenKind::Indent) {
                    let (ts, te) = ad.span(t);
                    let at = if ts == te { ts } else { te };
                    let (line, off) = ad.char_pos(at);
                    return SyntaxError::new("Cannot have two type comments on def", line, off as i32 - 1, line, -1);
                }
            }
            // The grammar's optional TYPE_COMMENT before a function body is never produced without type comments.
            if expects("\"INDENT\"") && expected.iter().all(|x| x == "\"INDENT\"" || x == "\"TYPE_COMMENT\"") {
                let msg = match ad.header {
                    Some(h) => {
                        let what = if h.what == "'except' statement" && ad.except_star(h.line) {
                            "'except*' statement"
                        } else {
                            h.what
                        };
                        format!("expected an indented block after {what} on line {}", h.line)
                    }
                    None => "expected an indented block".into(),
                };
                let err = match ad.layout_error(&tok, s) {
                    Some((line, off, _)) => SyntaxError::new(msg, line, off, line, -1),
                    None => ad.error_here(msg, s, e),
                };
                return err.with_kind(ErrorKind::IndentationError);
            }
            if matches!(tok, Tok::Newline) && expects("\":\"") {
                return ad.error_here("expected ':'".into(), s, s);
            }
            let starts_expr = matches!(
                tok,
                Tok::Name(_)
                    | Tok::Number(_)
                    | Tok::Str(_)
                    | Tok::Lpar
                    | Tok::Lsqb
                    | Tok::Lbrace
                    | Tok::True
                    | Tok::False
                    | Tok::None
                    | Tok::Ellipsis
                    | Tok::Lambda
                    | Tok::Not
                    | Tok::Tilde
                    | Tok::Await
            );
            let end = if matches!(tok, Tok::Newline | Tok::EndMarker | Tok::Dedent) { s } else { e };
            if matches!(tok, Tok::Equal)
                && !expects("\"=\"")
                && let Some(&(true, start, 1)) = ad.open.last()
                // `f(*a=1)`: a starred argument is no expression, so pegen's rule does not apply.
                && ad.offset_of(start).is_none_or(|o| ad.src.as_bytes().get(o as usize) != Some(&b'*'))
                // An argument that is only `=` has no expression before it.
                && start != s
            {
                // The failing `=` is the argument's only one (it was counted when yielded); a lone True/False/None before it is a target.
                if let Some(name) = ad.prev_const[0]
                    && ad.prev2.is_some_and(|p| p.0 == start)
                {
                    return ad.error_here(format!("cannot assign to {name}"), start, e);
                }
                return ad.error_here(
                    "expression cannot contain assignment, perhaps you meant \"==\"?".into(),
                    ad.group_inner_start(start),
                    e,
                );
            }
            if expects("\"except\"") && expects("\"finally\"") && !expects("\"NAME\"") {
                let msg = "expected 'except' or 'finally' block";
                let err = match ad.layout_error(&tok, s) {
                    Some((line, off, true)) => SyntaxError::new(msg, line, off, line, -1),
                    // pegen's lookahead for `except` read the token after the DEDENTs.
                    Some((_, _, false)) => match ad.after_dedents() {
                        Some(t) => {
                            let (ts, te) = ad.span(t);
                            ad.error_here(msg.into(), ts, te)
                        }
                        None => ad.error_here(msg.into(), s, end),
                    },
                    None => ad.error_here(msg.into(), s, end),
                };
                return ad.tokenizer_error_after(&tok, s).unwrap_or(err);
            }
            if starts_expr
                && let Some(name) = ad.prev2_legacy
                && let Some((ps, _, _)) = ad.prev2
            {
                // pegen's `invalid_legacy_expression` spans the name and the expressions after it: here, the rest
                // of the logical line.
                let mut last = e;
                while let Some(t) = ad.next_raw() {
                    if matches!(t.kind, TokenKind::Newline | TokenKind::EndMarker | TokenKind::Semi) {
                        break;
                    }
                    last = ad.span(t).1;
                }
                if let Some(err) = ad.error.take() {
                    return err;
                }
                // pegen's rule wants `star_expressions` after the name: the rest must parse as expressions.
                if ad.parses_as_expressions(s, last) {
                    let msg = format!("Missing parentheses in call to '{name}'. Did you mean {name}(...)?");
                    return ad.error_here(msg, ps, last);
                }
            }
            if matches!(tok, Tok::Dedent) {
                let err = match ad.layout_error(&tok, s) {
                    Some((line, off, _)) => SyntaxError::new("unexpected unindent", line, off, line, -1),
                    None => ad.error_here("unexpected unindent".into(), s, end),
                };
                return err.with_kind(ErrorKind::IndentationError);
            }
            if matches!(tok, Tok::EndMarker)
                && let Some((line, _, true)) = ad.layout_error(&tok, s)
            {
                // pegen's ENDMARKER has no column: a located error there reads offset 0, end 0.
                return SyntaxError::new(format!("{prefix}invalid syntax"), line, 0, line, 0);
            }
            let diagnosis = if ad.specialised { diagnose::diagnose(ad, s, fstring) } else { None };
            let generic = match diagnosis {
                Some(diagnose::Verdict::Error(err)) => err,
                Some(diagnose::Verdict::Plain | diagnose::Verdict::NoHint) => {
                    ad.error_here(format!("{prefix}invalid syntax"), s, end)
                }
                None => {
                    let opens = matches!(tok, Tok::Lpar | Tok::Lsqb | Tok::Lbrace);
                    generic_error(ad, starts_expr, opens, &expected, (s, e, end), prefix)
                }
            };
            ad.tokenizer_error_after(&tok, s).unwrap_or(generic)
        }
        ParseError::UnrecognizedEof { location, .. } => {
            ad.error_here(format!("{prefix}invalid syntax"), location, location)
        }
        ParseError::InvalidToken { location } => ad.error_here(format!("{prefix}invalid syntax"), location, location),
        ParseError::ExtraToken { token: (s, _, e) } => ad.error_here(format!("{prefix}invalid syntax"), s, e),
    }
}

/// The error for a failing token no specialised rule explains: pegen's "Perhaps you forgot a comma?" when two
/// expressions meet inside brackets, else plain "invalid syntax". `at` is the token's start, end, and where a
/// plain error ends.
fn generic_error(
    ad: &Adapter<'_, true>,
    starts_expr: bool,
    opens_bracket: bool,
    expected: &[String],
    at: (Pos, Pos, Pos),
    prefix: &str,
) -> SyntaxError {
    let (s, e, end) = at;
    // pegen gives the hint only when the second expression ends inside brackets; the failing token's own bracket
    // (counted when it was read) closes within that expression.
    if starts_expr
        && ad.brackets > u32::from(opens_bracket)
        && ad.prev2.is_some_and(|p| p.2)
        && expected.iter().any(|x| x == "\",\"")
    {
        let ps = ad.prev2.map_or(s, |p| p.0);
        ad.error_here(format!("{prefix}invalid syntax. Perhaps you forgot a comma?"), ps, e)
    } else {
        ad.error_here(format!("{prefix}invalid syntax"), s, end)
    }
}

/// Parses decoded source text into an AST in `arena`. `SyntaxError` offsets count characters, as for `str` input.
pub fn parse<'a>(source: &str, mode: Mode, arena: &'a Bump) -> Result<Mod<'a>, SyntaxError> {
    parse_with(source, mode, arena, false, false)
}

/// Options of a parse beyond the mode (`compile()`'s flags).
#[derive(Clone, Copy, Debug)]
pub struct ParseOptions {
    pub mode: Mode,
    /// `PyCF_TYPE_COMMENTS` (`ast.parse(..., type_comments=True)`, which `python3 -m ast` uses): `# type:` comments
    /// fill `type_comment` fields and `Module.type_ignores`, and misplaced ones are syntax errors.
    pub type_comments: bool,
}

fn parse_with<'a>(
    source: &str,
    mode: Mode,
    arena: &'a Bump,
    byte_offsets: bool,
    type_comments: bool,
) -> Result<Mod<'a>, SyntaxError> {
    if source.as_bytes().contains(&0) {
        // compile() refuses such source before tokenizing, with no location.
        return Err(SyntaxError::unlocated("source code string cannot contain null bytes"));
    }
    let start = match mode {
        Mode::Module => None,
        Mode::Expression => Some(Tok::EvalInput),
        Mode::Interactive => Some(Tok::SingleInput),
        Mode::FunctionType => Some(Tok::FuncTypeInput),
    };
    let src: &'a str = arena.alloc_str(source);
    let shift = Shift { lines: 0, first_line_cols: 0 };
    Setup { src, start, mode: Some(mode), shift, depth: 0, byte_offsets, type_comments }.parse(arena)
}

/// `single` input: one statement, as pegen's `interactive` rule reads it, then CPython's check that nothing but
/// blank lines and comments follows a simple statement. Returns as [`Setup::run`] does.
#[allow(clippy::type_complexity)]
fn parse_single<'a, const DIAG: bool>(
    cx: &Cx<'a>,
    adapter: &mut Adapter<'a, DIAG>,
) -> Result<Result<Mod<'a>, SyntaxError>, (ParseError<Pos, Tok<'a>, ActionError>, Option<Pos>)> {
    let mut single = SingleInput::new(adapter);
    let result = grammar::TopParser::new().parse(cx, &mut single);
    let SingleInput { statement_end, at_end, .. } = single;
    if let Some(e) = adapter.error.take() {
        return Ok(Err(e));
    }
    match result {
        Ok(m) => {
            let after = |p: Pos| adapter.src.get(adapter.index().line_start(p.line) as usize + p.col as usize..);
            if let Some(newline) = statement_end
                && more_than_comments(after(newline).unwrap_or_default())
            {
                let msg = "multiple statements found while compiling a single statement";
                return Ok(Err(adapter.error_here(msg.to_owned(), newline, newline)));
            }
            Ok(Ok(*m))
        }
        Err(e) => Err((e, at_end)),
    }
}

/// An error of `eval`, `single` or `func_type` input. In `single` input the NEWLINE pegen makes of the end of input
/// (at `at_end`) is read as the ENDMARKER it was.
fn string_input_error<'a>(
    ad: &mut Adapter<'a, true>,
    e: ParseError<Pos, Tok<'a>, ActionError>,
    at_end: Option<Pos>,
) -> SyntaxError {
    let e = match e {
        ParseError::UnrecognizedToken { token: (s, _, end), expected } if Some(s) == at_end => {
            ParseError::UnrecognizedToken { token: (s, Tok::EndMarker, end), expected }
        }
        other => other,
    };
    convert_error(ad, e, false)
}

/// Whether text after a statement holds more than whitespace and comments (pegen's `bad_single_statement`, which
/// skips spaces, tabs, form feeds and newlines; carriage returns are newlines by then).
fn more_than_comments(rest: &str) -> bool {
    let mut b = rest.bytes();
    while let Some(c) = b.next() {
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => {}
            b'#' => {
                if !b.by_ref().any(|c| c == b'\n' || c == b'\r') {
                    return false;
                }
            }
            _ => return true,
        }
    }
    false
}

/// The token stream of `single` input, over the adapter's. Pegen turns the end of input into a NEWLINE (once
/// per run of ENDMARKERs, with the pending DEDENTs after it) so that a compound statement, which `interactive`
/// wants followed by NEWLINE, can end there; and it stops reading after a simple statement's NEWLINE.
struct SingleInput<'x, 'a, const DIAG: bool> {
    inner: &'x mut Adapter<'a, DIAG>,
    /// `parsing_started` in pegen: a token other than a converted ENDMARKER was produced.
    started: bool,
    /// Whether the statement is a simple one (decided by its first token), once known.
    simple: Option<bool>,
    /// The NEWLINE ending a simple statement, after which only ENDMARKER is produced.
    statement_end: Option<Pos>,
    /// The position of the input's end, once reached.
    at_end: Option<Pos>,
    queue: std::collections::VecDeque<Spanned<'a>>,
    /// The source ends inside a line: CPython's tokenizer then gives ENDMARKER before the DEDENTs our lexer gives.
    mid_line_end: bool,
    finished: bool,
}

impl<'x, 'a, const DIAG: bool> SingleInput<'x, 'a, DIAG> {
    fn new(inner: &'x mut Adapter<'a, DIAG>) -> Self {
        let mid_line_end = !inner.src.is_empty() && !inner.src.ends_with(['\n', '\r']);
        SingleInput {
            inner,
            started: false,
            simple: None,
            statement_end: None,
            at_end: None,
            queue: std::collections::VecDeque::new(),
            mid_line_end,
            finished: false,
        }
    }

    /// Where the source ends (single input is never shifted: it is no f-string's).
    fn end_pos(&self) -> Pos {
        let lc = self.inner.index().line_col(self.inner.src.len() as u32);
        Pos { line: lc.line, col: lc.col }
    }
}

impl<'a, const DIAG: bool> Iterator for &mut SingleInput<'_, 'a, DIAG> {
    type Item = Result<Spanned<'a>, ActionError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(t) = self.queue.pop_front() {
            return Some(Ok(t));
        }
        if self.finished {
            return None;
        }
        let item = match (&mut *self.inner).next()? {
            Ok(t) => t,
            Err(e) => return Some(Err(e)),
        };
        let (s, tok, e) = item;
        if matches!(tok, Tok::SingleInput) {
            return Some(Ok(item));
        }
        if self.simple.is_none() && !matches!(tok, Tok::EndMarker) {
            self.simple = Some(!matches!(
                tok,
                Tok::If
                    | Tok::While
                    | Tok::For
                    | Tok::Try
                    | Tok::With
                    | Tok::Def
                    | Tok::Class
                    | Tok::Async
                    | Tok::At
                    | Tok::Match
            ));
        }
        match tok {
            Tok::Newline if self.simple == Some(true) => {
                self.statement_end = Some(s);
                self.finished = true;
                self.queue.push_back((e, Tok::EndMarker, e));
                return Some(Ok(item));
            }
            Tok::Dedent if self.mid_line_end && self.at_end.is_none() && s == self.end_pos() => {
                self.at_end = Some(s);
                if std::mem::replace(&mut self.started, true) {
                    self.queue.push_back(item);
                    return Some(Ok((s, Tok::Newline, s)));
                }
            }
            Tok::EndMarker => {
                self.at_end = Some(s);
                self.finished = true;
                if std::mem::take(&mut self.started) {
                    if self.simple == Some(true) {
                        self.statement_end = Some(s);
                    }
                    self.queue.push_back(item);
                    return Some(Ok((s, Tok::Newline, s)));
                }
                return Some(Ok(item));
            }
            _ => self.started = true,
        }
        Some(Ok(item))
    }
}

/// Decodes a file's bytes (BOM, coding declaration) and parses them, as `compile(bytes, ...)` does: without a BOM or
/// coding declaration, CPython's `SyntaxError` offsets then count bytes.
pub fn parse_file<'a>(bytes: &[u8], mode: Mode, arena: &'a Bump) -> Result<Mod<'a>, SyntaxError> {
    parse_file_with(bytes, arena, &ParseOptions { mode, type_comments: false })
}

/// [`parse_file`] with options (type comments).
pub fn parse_file_with<'a>(bytes: &[u8], arena: &'a Bump, opts: &ParseOptions) -> Result<Mod<'a>, SyntaxError> {
    reject_nul(bytes)?;
    let cs = crate::source::decode_for_compile(bytes)?;
    if !cs.replaced.is_empty() {
        return undecodable::parse(&bytes[cs.bom..], &cs, opts.mode, arena, opts.type_comments);
    }
    parse_with(&cs.text, opts.mode, arena, !cs.declared, opts.type_comments)
}

/// `compile()` refuses bytes with a NUL before decoding them (`_Py_SourceAsString`), with an error that has no
/// location: its `lineno` is 0, which printers take as "no `File` line". (Running a file reports the NUL from the
/// tokenizer instead, with other words and a location.)
fn reject_nul(bytes: &[u8]) -> Result<(), SyntaxError> {
    if bytes.contains(&0) {
        return Err(SyntaxError::unlocated("source code string cannot contain null bytes"));
    }
    Ok(())
}
