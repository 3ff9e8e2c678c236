//! CPython's specialised syntax errors, found after a parse has failed (pegen's second pass with its `invalid_*`
//! rules): the source is lexed again into a token array and the statement holding the failure is searched for the
//! constructs those rules describe. Nothing here runs while a valid program parses.

use super::{Adapter, Pos, keyword};
use crate::error::SyntaxError;
use crate::lexer::Lexer;
use crate::token::{Token, TokenKind as K};

/// What the diagnosis concluded.
pub(super) enum Verdict {
    /// A specialised error, as one of pegen's `invalid_*` rules raises it.
    Error(SyntaxError),
    /// No rule applies and no heuristic hint may be added: a plain "invalid syntax" at the failing token.
    Plain,
    /// The same, found by the "Perhaps you forgot a comma?" rule not applying where the adapter's guess would.
    NoHint,
}

/// Which targets an invalid one is reported among (pegen's `TARGETS_TYPE`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Targets {
    For,
    Del,
}

/// An expression skipped over: the index after its last token and its name as `_PyPegen_get_expr_name` gives it.
#[derive(Clone, Copy, Debug)]
struct Skipped {
    end: usize,
    name: &'static str,
}

struct Diag<'s, 'x, 'a> {
    src: &'s str,
    toks: Vec<Token>,
    /// For each bracket token, the index of its partner (`usize::MAX` when unmatched or not a bracket).
    pair: Vec<usize>,
    ad: &'x Adapter<'a, true>,
    /// "f-string: " inside f-string expressions, as pegen prefixes every message there.
    prefix: &'static str,
    /// `expression` at each token index, once computed: a bracketed atom's name needs its element's expression,
    /// which several rules ask for, so without it nested brackets cost exponential time (as pegen memoizes).
    expressions: std::cell::RefCell<std::collections::HashMap<usize, Option<Skipped>>>,
}

/// Looks for the specialised error CPython would report for a parse that failed at the token starting at `fail`
/// (a position in file terms).
pub(super) fn diagnose(ad: &Adapter<'_, true>, fail: Pos, fstring: bool) -> Option<Verdict> {
    let src = ad.src;
    let mut toks = Vec::new();
    for t in Lexer::new(src) {
        match t {
            Ok(t) => toks.push(t),
            Err(_) => break,
        }
    }
    let mut pair = vec![usize::MAX; toks.len()];
    let mut stack = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match t.kind {
            K::Lpar | K::Lsqb | K::Lbrace => stack.push(i),
            K::Rpar | K::Rsqb | K::Rbrace => {
                if let Some(o) = stack.pop() {
                    pair[o] = i;
                    pair[i] = o;
                }
            }
            _ => {}
        }
    }
    let offset = ad.offset_of(fail)?;
    let f = toks.iter().position(|t| t.start >= offset && !matches!(t.kind, K::Indent | K::Dedent))?;
    let prefix = if fstring { "f-string: " } else { "" };
    let d = Diag { src, toks, pair, ad, prefix, expressions: Default::default() };
    d.statement(f)
}

const COMPARE_OPS: [K; 6] = [K::EqEqual, K::NotEqual, K::Less, K::Greater, K::LessEqual, K::GreaterEqual];
const BINARY_OPS: [K; 12] = [
    K::Vbar,
    K::Circumflex,
    K::Amper,
    K::LeftShift,
    K::RightShift,
    K::Plus,
    K::Minus,
    K::Star,
    K::Slash,
    K::DoubleSlash,
    K::Percent,
    K::At,
];

impl Diag<'_, '_, '_> {
    /// The position in file terms of a byte offset of this source.
    fn pos(&self, offset: u32) -> Pos {
        let lc = self.ad.index().line_col(offset);
        self.ad.shifted(lc, lc.line)
    }

    fn kind(&self, i: usize) -> K {
        self.toks.get(i).map_or(K::EndMarker, |t| t.kind)
    }

    fn text(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.text(self.src))
    }

    /// Whether token `i` is the NAME `word` (a keyword or soft keyword).
    fn is(&self, i: usize, word: &str) -> bool {
        self.kind(i) == K::Name && self.text(i) == word
    }

    /// Whether token `i` is a NAME that is no hard keyword.
    fn is_plain_name(&self, i: usize) -> bool {
        self.kind(i) == K::Name && keyword(self.text(i)).is_none()
    }

    /// An error spanning tokens `a` to `b` (inclusive).
    fn range(&self, msg: &str, a: usize, b: usize) -> Verdict {
        let s = self.pos(self.toks[a].start);
        let e = self.pos(self.toks[b].end);
        Verdict::Error(self.ad.error_here(format!("{}{msg}", self.prefix), s, e))
    }

    /// An error from token `a`'s start to where the tokenizer stood after token `b` (pegen's `CURRENT_POS`, which,
    /// unlike other end columns, is reported 0-based).
    fn starting_from(&self, msg: &str, a: usize, b: usize) -> Verdict {
        match self.range(msg, a, b) {
            Verdict::Error(mut e) => {
                e.end_offset -= 1;
                Verdict::Error(e)
            }
            v => v,
        }
    }

    /// The tokens of an expression spanning `s..=e` as its node spans them: a parenthesized expression (no tuple
    /// or generator) spans its content.
    fn ungrouped(&self, mut s: usize, mut e: usize) -> (usize, usize) {
        while self.kind(s) == K::Lpar
            && self.pair.get(s) == Some(&e)
            && e > s + 1
            && !matches!(self.display_name(s), "tuple" | "generator expression")
        {
            s += 1;
            e -= 1;
        }
        (s, e)
    }

    /// The index after the bracket opened at `i`, or None if it is not closed.
    fn after_bracket(&self, i: usize) -> Option<usize> {
        let p = *self.pair.get(i)?;
        (p != usize::MAX && p > i).then(|| p + 1)
    }

    // ----- expressions, skipped by their shape -----

    /// `expression`: a lambda, a conditional expression or a disjunction.
    fn expression(&self, i: usize) -> Option<Skipped> {
        if let Some(&known) = self.expressions.borrow().get(&i) {
            return known;
        }
        let x = self.expression_at(i);
        self.expressions.borrow_mut().insert(i, x);
        x
    }

    fn expression_at(&self, mut i: usize) -> Option<Skipped> {
        let mut name = None;
        loop {
            if self.is(i, "lambda") {
                // Parameters hold no `:` outside brackets.
                let mut j = i + 1;
                while self.kind(j) != K::Colon {
                    match self.kind(j) {
                        K::Lpar | K::Lsqb | K::Lbrace => j = self.after_bracket(j)?,
                        K::Newline | K::EndMarker => return None,
                        _ => j += 1,
                    }
                }
                name.get_or_insert("lambda");
                i = j + 1;
                continue;
            }
            let d = self.disjunction(i)?;
            if self.is(d.end, "if")
                && let Some(c) = self.disjunction(d.end + 1)
                && self.is(c.end, "else")
            {
                name.get_or_insert("conditional expression");
                i = c.end + 1;
                continue;
            }
            return Some(Skipped { end: d.end, name: name.unwrap_or(d.name) });
        }
    }

    fn disjunction(&self, i: usize) -> Option<Skipped> {
        self.chain(i, "or", Self::conjunction)
    }

    fn conjunction(&self, i: usize) -> Option<Skipped> {
        self.chain(i, "and", Self::inversion)
    }

    fn chain(&self, i: usize, op: &str, operand: fn(&Self, usize) -> Option<Skipped>) -> Option<Skipped> {
        let mut s = operand(self, i)?;
        while self.is(s.end, op) {
            s = Skipped { end: operand(self, s.end + 1)?.end, name: "expression" };
        }
        Some(s)
    }

    fn inversion(&self, mut i: usize) -> Option<Skipped> {
        let mut not = false;
        while self.is(i, "not") {
            not = true;
            i += 1;
        }
        let c = self.comparison(i)?;
        Some(if not { Skipped { end: c.end, name: "expression" } } else { c })
    }

    fn comparison(&self, i: usize) -> Option<Skipped> {
        let mut s = self.bitwise_or(i)?;
        loop {
            let j = s.end;
            let next = if COMPARE_OPS.contains(&self.kind(j)) || self.is(j, "in") {
                j + 1
            } else if self.is(j, "not") && self.is(j + 1, "in") || self.is(j, "is") && self.is(j + 1, "not") {
                j + 2
            } else if self.is(j, "is") {
                j + 1
            } else {
                return Some(s);
            };
            s = Skipped { end: self.bitwise_or(next)?.end, name: "comparison" };
        }
    }

    /// `bitwise_or`: binary operators over unary ones and powers.
    fn bitwise_or(&self, i: usize) -> Option<Skipped> {
        let mut s = self.factor(i)?;
        while BINARY_OPS.contains(&self.kind(s.end)) {
            s = Skipped { end: self.factor(s.end + 1)?.end, name: "expression" };
        }
        Some(s)
    }

    /// Unary operators and powers, in a loop: `2 ** -2 ** ...` chains may be long.
    fn factor(&self, mut i: usize) -> Option<Skipped> {
        let mut operators = false;
        loop {
            while matches!(self.kind(i), K::Plus | K::Minus | K::Tilde) {
                operators = true;
                i += 1;
            }
            let p = self.primary(i)?;
            if self.kind(p.end) == K::DoubleStar {
                operators = true;
                i = p.end + 1;
                continue;
            }
            return Some(if operators { Skipped { end: p.end, name: "expression" } } else { p });
        }
    }

    /// `await`? atom, then `.name`, calls and subscripts.
    fn primary(&self, i: usize) -> Option<Skipped> {
        let awaited = self.kind(i) == K::Await || self.is(i, "await");
        let i = if awaited { i + 1 } else { i };
        let mut s = self.atom(i)?;
        loop {
            match self.kind(s.end) {
                K::Dot if self.is_plain_name(s.end + 1) => s = Skipped { end: s.end + 2, name: "attribute" },
                K::Lpar => s = Skipped { end: self.after_bracket(s.end)?, name: "function call" },
                K::Lsqb => s = Skipped { end: self.after_bracket(s.end)?, name: "subscript" },
                _ => break,
            }
        }
        Some(if awaited { Skipped { end: s.end, name: "await expression" } } else { s })
    }

    fn atom(&self, i: usize) -> Option<Skipped> {
        let name = match self.kind(i) {
            K::Name => match self.text(i) {
                "True" => "True",
                "False" => "False",
                "None" => "None",
                t if keyword(t).is_some() => return None,
                _ => "name",
            },
            K::Number => "literal",
            K::Ellipsis => "ellipsis",
            K::String => {
                let mut j = i;
                let mut fstring = false;
                while self.kind(j) == K::String {
                    let prefix = self.text(j).split(['\'', '"']).next().unwrap_or("");
                    fstring |= prefix.contains(['f', 'F']);
                    j += 1;
                }
                return Some(Skipped { end: j, name: if fstring { "f-string expression" } else { "literal" } });
            }
            K::Lpar | K::Lsqb | K::Lbrace => {
                return Some(Skipped { end: self.after_bracket(i)?, name: self.display_name(i) });
            }
            _ => return None,
        };
        Some(Skipped { end: i + 1, name })
    }

    /// What a bracketed atom is: a tuple, list, comprehension, display or a parenthesized expression.
    fn display_name(&self, open: usize) -> &'static str {
        let elems = self.elements(open);
        let comp = elems.first().is_some_and(|&(s, e)| self.top_level_for(s, e).is_some());
        let dict = elems.first().is_some_and(|&(s, e)| self.kind(s) == K::DoubleStar || self.key_colon(s, e).is_some());
        match self.kind(open) {
            K::Lpar if elems.is_empty() || elems.len() > 1 || self.kind(self.pair[open] - 1) == K::Comma => "tuple",
            K::Lpar if comp => "generator expression",
            K::Lpar => {
                let (s, e) = elems[0];
                if self.is(s, "yield") {
                    "yield expression"
                } else if (s..e).any(|j| self.kind(j) == K::ColonEqual) {
                    "named expression"
                } else {
                    self.expression(s).map_or("expression", |x| x.name)
                }
            }
            K::Lsqb if comp => "list comprehension",
            K::Lsqb => "list",
            _ if comp && dict => "dict comprehension",
            _ if comp => "set comprehension",
            _ if dict || elems.is_empty() => "dict literal",
            _ => "set display",
        }
    }

    /// The comma-separated elements of the bracket opened at `open`, as token ranges (an empty last one after a
    /// trailing comma is left out).
    fn elements(&self, open: usize) -> Vec<(usize, usize)> {
        let close = match self.pair.get(open) {
            Some(&c) if c != usize::MAX && c > open => c,
            _ => self.toks.len().min(self.line_end(open)),
        };
        let mut out = Vec::new();
        let mut start = open + 1;
        let mut j = open + 1;
        while j < close {
            match self.kind(j) {
                K::Lpar | K::Lsqb | K::Lbrace => match self.after_bracket(j) {
                    Some(n) => j = n,
                    None => break,
                },
                K::Comma => {
                    out.push((start, j));
                    j += 1;
                    start = j;
                }
                _ => j += 1,
            }
        }
        if start < j {
            out.push((start, j));
        }
        out
    }

    /// The index of the NEWLINE (or end) that ends the logical line holding token `i`.
    fn line_end(&self, i: usize) -> usize {
        (i..self.toks.len()).find(|&j| matches!(self.kind(j), K::Newline | K::EndMarker)).unwrap_or(self.toks.len())
    }

    /// The first `for` (or `async for`) outside brackets in tokens `s..e`.
    fn top_level_for(&self, s: usize, e: usize) -> Option<usize> {
        let mut j = s;
        while j < e {
            match self.kind(j) {
                K::Lpar | K::Lsqb | K::Lbrace => j = self.after_bracket(j)?,
                K::Async | K::Name if self.is(j, "for") || (self.is(j, "async") && self.is(j + 1, "for")) => {
                    return Some(j);
                }
                _ => j += 1,
            }
        }
        None
    }

    /// The `:` after a dictionary key that starts at `s` (None if `s..e` is no `key: ...` element).
    fn key_colon(&self, s: usize, e: usize) -> Option<usize> {
        let k = self.expression(s)?;
        (k.end < e && self.kind(k.end) == K::Colon).then_some(k.end)
    }

    /// The end of comprehension clauses starting at `i` (`for` targets `in` disjunction, then `if`s).
    fn comprehension_end(&self, mut i: usize) -> Option<usize> {
        let mut any = false;
        loop {
            if self.is(i, "async") || self.kind(i) == K::Async {
                i += 1;
            }
            if !self.is(i, "for") {
                return any.then_some(i);
            }
            any = true;
            let mut j = i + 1;
            while !self.is(j, "in") {
                match self.kind(j) {
                    K::Lpar | K::Lsqb | K::Lbrace => j = self.after_bracket(j)?,
                    K::Newline | K::EndMarker | K::Rpar | K::Rsqb | K::Rbrace | K::Colon => return None,
                    _ => j += 1,
                }
            }
            i = self.disjunction(j + 1)?.end;
            while self.is(i, "if") {
                i = self.disjunction(i + 1)?.end;
            }
        }
    }

    /// Whether the bracket at `open` follows something that makes it a call or subscript.
    fn after_primary(&self, open: usize) -> bool {
        open > 0
            && match self.kind(open - 1) {
                K::Name => !keyword(self.text(open - 1))
                    .is_some_and(|_| !matches!(self.text(open - 1), "True" | "False" | "None")),
                K::Rpar | K::Rsqb | K::String | K::Number => true,
                _ => false,
            }
    }

    // ----- the rules -----

    /// The statement holding token `f`, searched rule by rule.
    fn statement(&self, f: usize) -> Option<Verdict> {
        let mut start = f;
        while start > 0 && !matches!(self.kind(start - 1), K::Newline | K::Indent | K::Dedent) {
            start -= 1;
        }
        let end = self.line_end(f);
        if let Some(v) = self.header(start, f, end) {
            return Some(v);
        }
        if let Some(v) = self.if_without_else(start, f) {
            return Some(v);
        }
        // `x := ` with no value: pegen's first pass stopped at the `:=` unless the target is a name.
        let name_target = f >= 2 && self.is_plain_name(f - 2) && (f < 3 || self.kind(f - 3) != K::Dot);
        if f >= 2 && self.kind(f - 1) == K::ColonEqual && self.expression(f).is_none() && !name_target {
            return Some(self.range("invalid syntax", f - 1, f - 1));
        }
        // `target := value` as a statement with a target that is no name (pegen's `invalid_named_expression`).
        if self.kind(f) == K::ColonEqual
            && f > start + 1
            && let Some(a) = self.expression(start)
            && a.end == f
        {
            let msg = format!("cannot use assignment expressions with {}", a.name);
            let (s, e) = self.ungrouped(start, f - 1);
            return Some(self.range(&msg, s, e));
        }
        // Brackets in source order, outer ones after what they hold (pegen finishes an inner display before it
        // gives up on the outer one).
        let mut j = start;
        while j < end {
            if matches!(self.kind(j), K::Lpar | K::Lsqb | K::Lbrace) {
                if let Some(v) = self.bracket(j) {
                    return Some(v);
                }
                match self.after_bracket(j) {
                    Some(n) => j = n,
                    None => return None,
                }
            } else {
                j += 1;
            }
        }
        match self.comma_hint(start, f) {
            Some(Verdict::Error(e)) => Some(Verdict::Error(e)),
            other => self.positional_after_keyword(start, f).or(other),
        }
    }

    /// pegen's grammar has no positional argument after a keyword one, so its first pass fails at the start of such
    /// an argument, before anything wrong inside it: when no rule explains the error, that is where it is.
    fn positional_after_keyword(&self, start: usize, f: usize) -> Option<Verdict> {
        let is_kwarg = |s: usize| self.is_plain_name(s) && self.kind(s + 1) == K::Equal;
        let mut found = None;
        let mut j = f;
        while j > start {
            j -= 1;
            match self.kind(j) {
                K::Rpar | K::Rsqb | K::Rbrace => j = *self.pair.get(j).filter(|&&p| p != usize::MAX)?,
                K::Lpar if self.after_primary(j) => {
                    let elems = self.elements(j);
                    if let Some(k) = elems.iter().position(|&(s, _)| is_kwarg(s))
                        && let Some(&(s, e)) = elems[k..]
                            .iter()
                            .find(|&&(s, _)| !is_kwarg(s) && !matches!(self.kind(s), K::Star | K::DoubleStar))
                        && (s..e).contains(&f)
                        && self.expression(s).is_some_and(|x| x.end == e)
                    {
                        // The outermost such call fails first.
                        found = Some(s);
                    }
                }
                _ => {}
            }
        }
        found.map(|s| self.range("invalid syntax", s, s))
    }

    /// `a if b` then no `else` (pegen's `invalid_expression`, second alternative): the failing token follows a
    /// conditional's test, and is no `else` or `:`.
    fn if_without_else(&self, start: usize, f: usize) -> Option<Verdict> {
        if matches!(self.kind(f), K::Colon) || self.is(f, "else") {
            return None;
        }
        let mut j = f;
        while j > start {
            j -= 1;
            match self.kind(j) {
                K::Rpar | K::Rsqb | K::Rbrace => j = *self.pair.get(j).filter(|&&p| p != usize::MAX)?,
                K::Lpar | K::Lsqb | K::Lbrace | K::Comma | K::Newline | K::Equal => return None,
                K::Name if self.is(j, "if") => {
                    // The test must end at the failing token, and a disjunction must end at the `if`.
                    if self.disjunction(j + 1)?.end != f {
                        return None;
                    }
                    let mut a = j;
                    while a > start && !matches!(self.kind(a - 1), K::Lpar | K::Lsqb | K::Lbrace | K::Comma | K::Equal)
                    {
                        a -= 1;
                    }
                    if self.disjunction(a)?.end != j {
                        return None;
                    }
                    return Some(self.range("expected 'else' after 'if' expression", a, f - 1));
                }
                _ => {}
            }
        }
        None
    }

    /// pegen's "Perhaps you forgot a comma?" (`invalid_expression`): inside brackets, a disjunction that starts an
    /// element (or a keyword argument's or a dictionary item's value) and ends at the failing token, which starts
    /// another expression. The range covers both. `Plain` where the adapter's guess would be wrong.
    fn comma_hint(&self, start: usize, f: usize) -> Option<Verdict> {
        let b = self.expression(f)?;
        // The innermost bracket open at `f`, and where the current element starts.
        let mut j = f;
        let mut elem = None;
        let open = loop {
            if j == start {
                return None;
            }
            j -= 1;
            match self.kind(j) {
                K::Rpar | K::Rsqb | K::Rbrace => j = *self.pair.get(j).filter(|&&p| p != usize::MAX)?,
                K::Lpar | K::Lsqb | K::Lbrace => break j,
                K::Comma | K::Equal | K::Colon | K::ColonEqual if elem.is_none() => elem = Some(j + 1),
                K::Name if elem.is_none() && matches!(self.text(j), "yield" | "from" | "for") => elem = Some(j + 1),
                _ => {}
            }
        };
        let s = elem.unwrap_or(open + 1);
        // After a comprehension's `in`, pegen's cut leaves no alternative that could give the hint.
        if s > 0 && self.is(s - 1, "for") && (s..f).any(|k| self.is(k, "in")) {
            return Some(Verdict::NoHint);
        }
        // Parameters, imported names, patterns and starred elements are no expressions.
        let in_params = self.kind(open) == K::Lpar && open >= 2 && self.is(open - 2, "def")
            || self.is(start, "from")
            || self.is(start, "import");
        let soft = self.kind(s) == K::Name && matches!(self.text(s), "_" | "match" | "case");
        let name_string = self.kind(s) == K::Name && self.kind(s + 1) == K::String;
        // A lambda of the element itself (not one inside its brackets) leaves pegen no disjunction to hint at.
        let lambda = {
            let mut k = s;
            let mut found = false;
            while k < f && !found {
                found = self.is(k, "lambda");
                k = match self.kind(k) {
                    K::Lpar | K::Lsqb | K::Lbrace => {
                        self.pair.get(k).filter(|&&p| p != usize::MAX).map_or(f, |&p| p + 1)
                    }
                    _ => k + 1,
                };
            }
            found
        };
        if in_params || soft || name_string || lambda || matches!(self.kind(s), K::Star | K::DoubleStar) {
            return Some(Verdict::NoHint);
        }
        if self.disjunction(s).is_none_or(|a| a.end != f) {
            return Some(Verdict::NoHint);
        }
        // A parenthesized group is its inner expression's node, located inside the parentheses.
        let (mut a, mut e) = (s, f);
        while self.kind(a) == K::Lpar
            && self.pair.get(a) == Some(&(e - 1))
            && !matches!(self.display_name(a), "tuple" | "generator expression")
        {
            (a, e) = (a + 1, e - 1);
        }
        Some(self.range("invalid syntax. Perhaps you forgot a comma?", a, b.end - 1))
    }

    /// Rules of compound statement headers and other statement shapes.
    fn header(&self, start: usize, f: usize, end: usize) -> Option<Verdict> {
        let first = self.text(start);
        match first {
            "match" if f == start + 1 && self.kind(end) == K::Newline => {
                let subject = self.subject(start + 1)?;
                if subject == end {
                    let p = self.pos(self.toks[end].start);
                    return Some(Verdict::Error(self.ad.error_here(format!("{}expected ':'", self.prefix), p, p)));
                }
            }
            "case" => {
                if f > start && self.is(f - 1, "as") && self.kind(f) != K::Name {
                    let e = self.expression(f)?;
                    return Some(self.range("invalid pattern target", f, e.end - 1));
                }
                return Some(self.class_patterns(start, end).unwrap_or(Verdict::Plain));
            }
            "if" | "elif" | "while" => {
                if let Some(v) = self.named_element(start + 1) {
                    return Some(v);
                }
            }
            "def" if f == start + 2 && self.kind(f) != K::Lpar => return Some(self.range("expected '('", f, f)),
            "async" if self.is(start + 1, "def") && f == start + 3 && self.kind(f) != K::Lpar => {
                return Some(self.range("expected '('", f, f));
            }
            // pegen's forced `:` (`&&':'`) after `else`, `try`, `finally` and a function's signature.
            "else" | "try" | "finally" if f == start + 1 && !matches!(self.kind(f), K::Colon | K::Newline) => {
                return Some(self.range("expected ':'", f, f));
            }
            "def" | "async" if first == "def" || self.is(start + 1, "def") => {
                let open = if first == "def" { start + 2 } else { start + 3 };
                if self.kind(open) == K::Lpar && self.is(open - 2, "def") {
                    let mut after = self.after_bracket(open)?;
                    if self.kind(after) == K::Rarrow {
                        after = self.expression(after + 1)?.end;
                    }
                    if f == after && !matches!(self.kind(f), K::Colon | K::Newline) {
                        return Some(self.range("expected ':'", f, f));
                    }
                }
            }
            "except" => return self.except_clause(start, f),
            "for" => return self.invalid_target(start + 1, Targets::For),
            "async" if self.is(start + 1, "for") => return self.invalid_target(start + 2, Targets::For),
            "del" => return self.invalid_target(start + 1, Targets::Del),
            "yield" => {
                let mut j = start + 1;
                while !matches!(self.kind(j), K::Equal | K::Newline | K::EndMarker | K::Semi) {
                    j = match self.kind(j) {
                        K::Lpar | K::Lsqb | K::Lbrace => self.after_bracket(j)?,
                        _ => j + 1,
                    };
                }
                if self.kind(j) == K::Equal {
                    return Some(self.range("assignment to yield expression not possible", start, j - 1));
                }
            }
            _ => {}
        }
        if self.kind(start) == K::At
            && let Some(v) = self.named_element(start + 1)
        {
            return Some(v);
        }
        if let Some(v) = self.params(start, f) {
            return Some(v);
        }
        None
    }

    /// The end of a `match` subject (`subject_expr`).
    fn subject(&self, i: usize) -> Option<usize> {
        let mut j = i;
        loop {
            j = if self.kind(j) == K::Star { self.bitwise_or(j + 1)?.end } else { self.named(j)?.end };
            if self.kind(j) != K::Comma {
                return Some(j);
            }
            j += 1;
            if matches!(self.kind(j), K::Newline | K::Colon) {
                return Some(j);
            }
        }
    }

    /// `named_expression`: `NAME := expression` or an expression.
    fn named(&self, i: usize) -> Option<Skipped> {
        if self.kind(i) == K::Name && self.kind(i + 1) == K::ColonEqual {
            return Some(Skipped { end: self.expression(i + 2)?.end, name: "named expression" });
        }
        self.expression(i)
    }

    /// pegen's `invalid_named_expression` for a (star_)named_expression starting at `s`: an `=` where `==` or `:=`
    /// was meant.
    fn named_element(&self, s: usize) -> Option<Verdict> {
        let not_eq = |j: usize| !matches!(self.kind(j), K::Equal | K::ColonEqual);
        if self.is_plain_name(s) && self.kind(s + 1) == K::Equal {
            let b = self.bitwise_or(s + 2)?;
            if not_eq(b.end) {
                return Some(self.range("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", s, b.end - 1));
            }
            return None;
        }
        if let Some(a) = self.expression(s)
            && self.kind(a.end) == K::ColonEqual
            && !(self.is_plain_name(s) && a.end == s + 1)
        {
            let msg = format!("cannot use assignment expressions with {}", a.name);
            let (s, e) = self.ungrouped(s, a.end - 1);
            return Some(self.range(&msg, s, e));
        }
        let excluded = match self.kind(s) {
            K::Lpar => matches!(self.display_name(s), "tuple" | "generator expression"),
            K::Lsqb => self.display_name(s) == "list",
            K::Name => matches!(self.text(s), "True" | "False" | "None"),
            _ => false,
        };
        if excluded {
            return None;
        }
        let a = self.bitwise_or(s)?;
        if self.kind(a.end) == K::Equal
            && let Some(b) = self.bitwise_or(a.end + 1)
            && not_eq(b.end)
        {
            let msg = format!("cannot assign to {} here. Maybe you meant '==' instead of '='?", a.name);
            let (s, e) = self.ungrouped(s, a.end - 1);
            return Some(self.range(&msg, s, e));
        }
        None
    }

    /// Rules for the bracket opened at `open`: first those of brackets inside it, then its elements in order,
    /// then the bracket's own (generator arguments, dictionary items).
    fn bracket(&self, open: usize) -> Option<Verdict> {
        let elems = self.elements(open);
        let call = self.kind(open) == K::Lpar && self.after_primary(open);
        let subscript = self.kind(open) == K::Lsqb && self.after_primary(open);
        // Elements that are (star_)named_expressions: those of groups, tuples, lists and sets.
        let named = !(call || subscript || self.kind(open) == K::Lbrace && self.is_dict(&elems));
        for &(s, e) in &elems {
            // pegen gives up on the display at an element that cannot start an expression.
            if self.expression(s).is_none()
                && !matches!(self.kind(s), K::Star | K::DoubleStar | K::Colon)
                && !self.is(s, "yield")
            {
                return None;
            }
            let mut j = s;
            while j < e {
                if matches!(self.kind(j), K::Lpar | K::Lsqb | K::Lbrace) {
                    if let Some(v) = self.bracket(j) {
                        return Some(v);
                    }
                    j = self.after_bracket(j)?;
                } else {
                    j += 1;
                }
            }
            if named && let Some(v) = self.named_element(s) {
                return Some(v);
            }
        }
        if call {
            return self.call_arguments(open, &elems);
        }
        if self.kind(open) == K::Lpar
            && let [(s, e)] = elems[..]
            && self.kind(s) == K::DoubleStar
            && self.expression(s + 1).is_some_and(|x| x.end == e)
            && self.kind(e) == K::Rpar
        {
            return Some(self.range("cannot use double starred expression here", s, s));
        }
        if self.kind(open) == K::Lbrace && self.is_dict(&elems) {
            return self.braces(open, &elems);
        }
        if matches!(self.kind(open), K::Lsqb | K::Lbrace) && !subscript {
            return self.comprehension_target(open);
        }
        None
    }

    /// `[x, y for ...]`: pegen's `invalid_comprehension` (its tuple-target alternatives).
    fn comprehension_target(&self, open: usize) -> Option<Verdict> {
        let close = self.after_bracket(open)? - 1;
        let f = self.top_level_for(open + 1, close)?;
        self.comprehension_end(f)?;
        // The elements before the `for`, as (start, end) token ranges.
        let mut elems = Vec::new();
        let mut start = open + 1;
        let mut j = open + 1;
        while j < f {
            match self.kind(j) {
                K::Lpar | K::Lsqb | K::Lbrace => j = self.after_bracket(j)?,
                K::Comma => {
                    elems.push((start, j));
                    j += 1;
                    start = j;
                }
                _ => j += 1,
            }
        }
        let trailing_comma = start == f;
        if !trailing_comma {
            elems.push((start, f));
        }
        let msg = "did you forget parentheses around the comprehension target?";
        match elems.len() {
            // `[x, for ...]`: the range ends at the comma.
            1 if trailing_comma => Some(self.range(msg, elems[0].0, elems[0].1)),
            0 | 1 => None,
            n => Some(self.range(msg, elems[0].0, elems[n - 1].1 - 1)),
        }
    }

    /// A call's arguments: an unparenthesized generator expression beside other arguments.
    fn call_arguments(&self, _open: usize, elems: &[(usize, usize)]) -> Option<Verdict> {
        let trailing_comma = elems.last().is_some_and(|&(_, e)| self.kind(e) == K::Comma);
        // `args ',' '*'` with nothing to unpack: pegen blames keyword unpacking before it.
        if let Some(&(s, _)) = elems.iter().skip(1).find(|&&(s, e)| self.kind(s) == K::Star && e == s + 1) {
            return Some(self.range("iterable argument unpacking follows keyword argument unpacking", s, s));
        }
        for (k, &(s, e)) in elems.iter().enumerate() {
            if matches!(self.kind(s), K::Star | K::DoubleStar) {
                continue;
            }
            let kwarg = self.is_plain_name(s) && self.kind(s + 1) == K::Equal;
            let value = if kwarg { s + 2 } else { s };
            let Some(f) = self.top_level_for(value, e) else { continue };
            if self.expression(value).is_none_or(|x| x.end != f) {
                continue;
            }
            let Some(end) = self.comprehension_end(f) else { continue };
            if kwarg {
                return Some(self.range("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", s, s + 1));
            }
            if elems.len() > 1 || (k == 0 && trailing_comma) {
                return Some(self.range("Generator expression must be parenthesized", s, end - 1));
            }
        }
        None
    }

    /// Whether a `{` display with these elements is a dictionary (its first item is `**x` or `key: ...`).
    fn is_dict(&self, elems: &[(usize, usize)]) -> bool {
        elems.first().is_some_and(|&(s, e)| self.kind(s) == K::DoubleStar || self.key_colon(s, e).is_some())
    }

    /// A dictionary display's items (pegen's `invalid_double_starred_kvpairs` and `invalid_kvpair`).
    fn braces(&self, _open: usize, elems: &[(usize, usize)]) -> Option<Verdict> {
        let &(s0, e0) = elems.first()?;
        if !self.is_dict(elems) {
            return None;
        }
        if self.top_level_for(s0, e0).is_some() {
            return None;
        }
        for (k, &(s, e)) in elems.iter().enumerate() {
            if self.kind(s) == K::DoubleStar {
                continue;
            }
            let key = self.expression(s)?;
            if self.kind(key.end) != K::Colon {
                if k == 0 {
                    return None;
                }
                // Reported at the key's last column, with no end.
                let last = self.toks[key.end - 1];
                let p = self.pos(last.end);
                let start_line = self.pos(self.toks[s].start).line;
                let mut err = self.ad.error_here(format!("{}':' expected after dictionary key", self.prefix), p, p);
                err.lineno = start_line;
                err.offset -= 1;
                err.end_offset = 0;
                return Some(Verdict::Error(err));
            }
            let c = key.end;
            if self.kind(c + 1) == K::Star {
                let v = self.bitwise_or(c + 2)?;
                // The tokenizer has read one token past the value.
                let look = if matches!(self.kind(v.end), K::Newline | K::EndMarker) { v.end - 1 } else { v.end };
                return Some(self.starting_from("cannot use a starred expression in a dictionary value", c + 1, look));
            }
            if c + 1 == e {
                return Some(self.range("expression expected after dictionary key and ':'", c, c));
            }
        }
        None
    }

    /// An `except` clause: `except` and `except*` mixed in one `try`, several types without parentheses.
    fn except_clause(&self, start: usize, f: usize) -> Option<Verdict> {
        let star = self.kind(start + 1) == K::Star;
        if star && matches!(self.kind(start + 2), K::Colon | K::Newline) {
            return Some(self.range("expected one or more exception types", start + 2, start + 2));
        }
        // The other clauses of this `try`: statements at this indentation, back to the `try`.
        let mut depth = 0i32;
        let mut j = start;
        let mut other = None;
        while j > 0 {
            j -= 1;
            match self.kind(j) {
                K::Dedent => depth += 1,
                K::Indent => depth -= 1,
                K::Name if depth == 0 && j > 0 && matches!(self.kind(j - 1), K::Newline | K::Dedent | K::Indent) => {
                    match self.text(j) {
                        "except" => other = Some(self.kind(j + 1) == K::Star),
                        "try" => break,
                        _ => {}
                    }
                }
                _ => {}
            }
            if depth < 0 {
                return None;
            }
        }
        let first_type = if star { start + 2 } else { start + 1 };
        if let Some(e) = self.expression(first_type)
            && self.kind(e.end) == K::Comma
            && f >= e.end
        {
            // `except A, B:` is reported from the first type to the `:`.
            let mut k = e.end;
            while !matches!(self.kind(k), K::Colon | K::Newline | K::EndMarker) {
                k += 1;
            }
            if self.kind(k) == K::Colon && star {
                return Some(self.starting_from("multiple exception types must be parenthesized", first_type, k));
            }
        }
        match other {
            Some(false) if star => {
                Some(self.range("cannot have both 'except' and 'except*' on the same 'try'", start, start + 1))
            }
            Some(true) if !star => {
                Some(self.range("cannot have both 'except' and 'except*' on the same 'try'", start, start))
            }
            _ => None,
        }
    }

    /// The first target pegen's `_PyPegen_get_invalid_target` blames in the comma-separated targets from `i`.
    fn invalid_target(&self, i: usize, targets: Targets) -> Option<Verdict> {
        let (s, e) = self.first_invalid_target(i, None, targets)?;
        let what = match self.kind(s) {
            K::Star => "starred",
            _ => self.expression(s).map_or("expression", |x| x.name),
        };
        let msg = match targets {
            Targets::Del => format!("cannot delete {what}"),
            Targets::For => format!("cannot assign to {what}"),
        };
        Some(self.range(&msg, s, e - 1))
    }

    /// The token range of the first invalid target among the elements from `i` (to `close`, or to the end of the
    /// targets: `in`, `=`, `:` or the line's end).
    fn first_invalid_target(&self, i: usize, close: Option<usize>, targets: Targets) -> Option<(usize, usize)> {
        let mut j = i;
        loop {
            if Some(j) == close || matches!(self.kind(j), K::Newline | K::EndMarker | K::Colon | K::Equal | K::Semi) {
                return None;
            }
            if self.is(j, "in") && targets == Targets::For {
                return None;
            }
            let starred = self.kind(j) == K::Star;
            let s = if starred { j + 1 } else { j };
            let x = if starred { self.bitwise_or(s)? } else { self.expression(s)? };
            if starred && targets == Targets::Del {
                return Some((j, x.end));
            }
            match x.name {
                "name" | "attribute" | "subscript" => {}
                "tuple" | "list" if x.end == self.after_bracket(s)? => {
                    if let Some(r) = self.first_invalid_target(s + 1, Some(x.end - 1), targets) {
                        return Some(r);
                    }
                }
                "comparison" if targets == Targets::For => {
                    // `for x in y`: the comparison's left side is the target.
                    let left = self.bitwise_or(s)?;
                    // Other comparisons are not blamed at all.
                    if self.is(left.end, "in") {
                        return match left.name {
                            "name" | "attribute" | "subscript" => None,
                            _ => Some((s, left.end)),
                        };
                    }
                    return None;
                }
                _ => {
                    // A parenthesized target stands for what it holds.
                    if self.kind(s) == K::Lpar && x.end == self.after_bracket(s)? && x.end - s > 2 {
                        return self.first_invalid_target(s + 1, Some(x.end - 1), targets);
                    }
                    return Some((j, x.end));
                }
            }
            j = x.end;
            if self.kind(j) != K::Comma {
                return None;
            }
            j += 1;
        }
    }

    /// Class patterns of a `case` line: a positional pattern after a keyword one.
    fn class_patterns(&self, start: usize, end: usize) -> Option<Verdict> {
        let mut j = start + 1;
        while j < end {
            if self.kind(j) == K::Lpar && self.kind(j - 1) == K::Name {
                let elems = self.elements(j);
                let keyword_at = elems.iter().position(|&(s, _)| self.is_plain_name(s) && self.kind(s + 1) == K::Equal);
                if let Some(k) = keyword_at {
                    let positional =
                        |&(s, _): &(usize, usize)| !(self.is_plain_name(s) && self.kind(s + 1) == K::Equal);
                    if let Some(p) = elems[k..].iter().position(positional) {
                        let first = k + p;
                        let run = elems[first..].iter().take_while(|e| positional(e)).count();
                        let (s, _) = elems[first];
                        let (_, e) = elems[first + run - 1];
                        return Some(self.range("positional patterns follow keyword patterns", s, e - 1));
                    }
                }
            }
            j += 1;
        }
        None
    }

    /// Parameter lists of `def` and `lambda` holding the failure.
    fn params(&self, start: usize, f: usize) -> Option<Verdict> {
        // The innermost `def NAME (` or `lambda` around `f`.
        let mut j = f;
        let mut depth = 0i32;
        // A `:` outside brackets ends a lambda's parameters (a def's may hold annotations).
        let mut colon = false;
        let (first, lambda) = loop {
            if j == start {
                return None;
            }
            j -= 1;
            match self.kind(j) {
                K::Rpar | K::Rsqb | K::Rbrace => depth += 1,
                K::Lpar | K::Lsqb | K::Lbrace if depth > 0 => depth -= 1,
                K::Lpar if j >= 2 && self.is(j - 2, "def") => break (j + 1, false),
                K::Lpar | K::Lsqb | K::Lbrace => return None,
                K::Colon if depth == 0 => colon = true,
                K::Name if depth == 0 && self.is(j, "lambda") && !colon => break (j + 1, true),
                _ => {}
            }
        };
        let close = |k: usize| if lambda { self.kind(k) == K::Colon } else { self.kind(k) == K::Rpar };
        let what = if lambda { "Lambda expression" } else { "Function" };
        // Walk the parameters in order, as pegen's alternatives would meet them.
        let mut k = first;
        let mut only_plain = true;
        let mut seen_default = false;
        let mut index = 0;
        // The `*` or `**` that starts the current parameter.
        let mut starred = None;
        loop {
            if close(k) || matches!(self.kind(k), K::Newline | K::EndMarker) {
                return None;
            }
            match self.kind(k) {
                K::Slash if index == 0 && self.kind(k + 1) == K::Comma => {
                    return Some(self.range("at least one argument must precede /", k, k));
                }
                // A bare `*` followed by nothing that could be a keyword-only parameter.
                K::Star
                    if !lambda
                        && self.kind(k + 1) == K::Comma
                        && matches!(self.kind(k + 2), K::Rpar | K::DoubleStar) =>
                {
                    return Some(self.range("named arguments must follow bare *", k, k));
                }
                K::Slash if self.kind(k + 1) == K::Star && seen_default => {
                    return Some(self.range("expected comma between / and *", k + 1, k + 1));
                }
                K::Lpar if only_plain => {
                    let c = self.after_bracket(k)? - 1;
                    let inner_ok =
                        (k + 1..c).all(|m| self.is_plain_name(m) || matches!(self.kind(m), K::Comma | K::Colon));
                    if inner_ok && c > k + 1 {
                        return Some(self.range(&format!("{what} parameters cannot be parenthesized"), k, c));
                    }
                    return None;
                }
                // A starred annotation (`*args: *Ts`) leaves pegen's default-value rules unmatched.
                K::Colon if self.kind(k + 1) == K::Star => return None,
                K::Equal if starred == Some(K::Star) => {
                    return Some(self.range("var-positional argument cannot have default value", k, k));
                }
                K::Equal if starred == Some(K::DoubleStar) => {
                    return Some(self.range("var-keyword argument cannot have default value", k, k));
                }
                K::Equal if matches!(self.kind(k + 1), K::Comma | K::Rpar) => {
                    return Some(self.range("expected default value expression", k, k));
                }
                K::Equal => {
                    seen_default = true;
                    only_plain = false;
                }
                K::Star | K::DoubleStar => {
                    only_plain = false;
                    if matches!(self.kind(k - 1), K::Comma | K::Lpar) || self.is(k - 1, "lambda") {
                        starred = Some(self.kind(k));
                    }
                }
                _ => {}
            }
            k = match self.kind(k) {
                K::Lpar | K::Lsqb | K::Lbrace => self.after_bracket(k)?,
                K::Comma => {
                    index += 1;
                    starred = None;
                    k + 1
                }
                _ => k + 1,
            };
        }
    }
}
