//! Caret anchors for traceback lines: where the operator of a binary operation, or the brackets of a subscript,
//! sit in the failing expression's source segment (`extract_anchors_from_line` in 3.11's `Python/traceback.c`).
//!
//! CPython parses the segment with its real parser; this is a small expression scanner that finds the top-level
//! node the same way (operator precedence, parentheses that the AST drops from operand spans) and gives up (no
//! anchors) on anything that is not a lone BinOp or Subscript expression.

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Name(String),
    Atom,
    Op(&'static str),
    Open(char),
    Close(char),
}

#[derive(Clone, Debug)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
}

const OPS: &[&str] = &[
    "**=", "//=", ">>=", "<<=", "...", "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "->", ":=", "+=", "-=", "*=",
    "/=", "%=", "&=", "|=", "^=", "@=", "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "=", ".", ",", ":",
    ";",
];

fn tokenize(s: &[char]) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if c == ' ' || c == '\t' || c == '\x0c' {
            i += 1;
            continue;
        }
        if c == '#' {
            break;
        }
        let start = i;
        if c == '_' || c.is_alphabetic() {
            while i < s.len() && (s[i] == '_' || s[i].is_alphanumeric()) {
                i += 1;
            }
            let word: String = s[start..i].iter().collect();
            let lw = word.to_ascii_lowercase();
            if i < s.len()
                && (s[i] == '\'' || s[i] == '"')
                && matches!(lw.as_str(), "r" | "b" | "u" | "f" | "rb" | "br" | "fr" | "rf")
            {
                i = string_end(s, i)?;
                out.push(Tok { kind: Kind::Atom, start, end: i });
            } else {
                out.push(Tok { kind: Kind::Name(word), start, end: i });
            }
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && s.get(i + 1).is_some_and(|d| d.is_ascii_digit())) {
            let hex = c == '0' && s.get(i + 1).is_some_and(|&x| x == 'x' || x == 'X');
            while i < s.len() {
                let d = s[i];
                let sign_of_exponent = (d == '+' || d == '-') && !hex && matches!(s[i - 1], 'e' | 'E');
                if d.is_ascii_alphanumeric() || d == '_' || d == '.' || sign_of_exponent {
                    i += 1;
                } else {
                    break;
                }
            }
            out.push(Tok { kind: Kind::Atom, start, end: i });
            continue;
        }
        if c == '\'' || c == '"' {
            i = string_end(s, i)?;
            out.push(Tok { kind: Kind::Atom, start, end: i });
            continue;
        }
        if "([{".contains(c) {
            out.push(Tok { kind: Kind::Open(c), start, end: i + 1 });
            i += 1;
            continue;
        }
        if ")]}".contains(c) {
            out.push(Tok { kind: Kind::Close(c), start, end: i + 1 });
            i += 1;
            continue;
        }
        let mut matched = None;
        for op in OPS {
            let n = op.chars().count();
            if i + n <= s.len() && s[i..i + n].iter().copied().eq(op.chars()) {
                matched = Some(*op);
                break;
            }
        }
        let op = matched?;
        let n = op.chars().count();
        let kind = if op == "..." { Kind::Atom } else { Kind::Op(op) };
        out.push(Tok { kind, start, end: i + n });
        i += n;
    }
    Some(out)
}

fn string_end(s: &[char], mut i: usize) -> Option<usize> {
    let q = s[i];
    let triple = i + 2 < s.len() && s[i + 1] == q && s[i + 2] == q;
    if triple {
        i += 3;
        while i < s.len() {
            if s[i] == '\\' {
                i += 2;
                continue;
            }
            if s[i] == q && i + 2 < s.len() && s[i + 1] == q && s[i + 2] == q {
                return Some(i + 3);
            }
            i += 1;
        }
        None
    } else {
        i += 1;
        while i < s.len() {
            if s[i] == '\\' {
                i += 2;
                continue;
            }
            if s[i] == q {
                return Some(i + 1);
            }
            i += 1;
        }
        None
    }
}

/// Index of the bracket matching the opener at `i`.
fn matching(t: &[Tok], i: usize) -> Option<usize> {
    let mut depth = 0;
    for (j, tok) in t.iter().enumerate().skip(i) {
        match tok.kind {
            Kind::Open(_) => depth += 1,
            Kind::Close(_) => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

fn top_level_has(t: &[Tok], pred: impl Fn(&Kind) -> bool) -> bool {
    let mut depth = 0;
    for tok in t {
        match tok.kind {
            Kind::Open(_) => depth += 1,
            Kind::Close(_) => depth -= 1,
            ref k if depth == 0 && pred(k) => return true,
            _ => {}
        }
    }
    false
}

/// The AST span of an operand made of tokens `t`: a lone parenthesized non-tuple expression loses its parentheses.
fn span(t: &[Tok]) -> Option<(usize, usize)> {
    let first = t.first()?;
    let last = t.last()?;
    if first.kind == Kind::Open('(') && matching(t, 0) == Some(t.len() - 1) && t.len() > 2 {
        let inner = &t[1..t.len() - 1];
        let tuple_like =
            top_level_has(inner, |k| *k == Kind::Op(",") || matches!(k, Kind::Name(n) if n == "for" || n == "yield"));
        if !tuple_like {
            return span(inner);
        }
    }
    Some((first.start, last.end))
}

fn precedence(op: &str) -> Option<u8> {
    Some(match op {
        "|" => 1,
        "^" => 2,
        "&" => 3,
        "<<" | ">>" => 4,
        "+" | "-" => 5,
        "*" | "/" | "//" | "%" | "@" => 6,
        "**" => 8,
        _ => return None,
    })
}

const STOP_WORDS: &[&str] =
    &["if", "else", "lambda", "not", "and", "or", "in", "is", "for", "await", "yield", "return", "del", "import"];

/// (left_end, right_start) character offsets within `seg`, for a BinOp or Subscript segment.
pub fn extract(seg: &[char]) -> Option<(usize, usize)> {
    let t = tokenize(seg)?;
    if t.is_empty() {
        return None;
    }
    // Brackets must balance.
    let mut depth: i32 = 0;
    for tok in &t {
        match tok.kind {
            Kind::Open(_) => depth += 1,
            Kind::Close(_) => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            _ => {}
        }
    }
    if depth != 0 {
        return None;
    }
    if top_level_has(&t, |k| match k {
        Kind::Name(n) => STOP_WORDS.contains(&n.as_str()),
        Kind::Op(o) => precedence(o).is_none() && !matches!(*o, "." | "~"),
        _ => false,
    }) {
        return None;
    }
    // Walk top-level items, classifying each operator as binary (follows an operand) or unary.
    let mut ops: Vec<(usize, u8)> = Vec::new();
    let mut i = 0;
    let mut prev_operand = false;
    let mut leading_unary = false;
    while i < t.len() {
        match &t[i].kind {
            Kind::Open(_) => {
                i = matching(&t, i)? + 1;
                prev_operand = true;
                continue;
            }
            Kind::Op(o) if *o == "." => {
                prev_operand = false;
            }
            Kind::Op(o) => {
                if prev_operand {
                    ops.push((i, precedence(o)?));
                    prev_operand = false;
                } else if matches!(*o, "-" | "+" | "~") {
                    if i == 0 {
                        leading_unary = true;
                    }
                } else {
                    return None;
                }
            }
            Kind::Name(_) | Kind::Atom => prev_operand = true,
            Kind::Close(_) => return None,
        }
        i += 1;
    }
    if !ops.is_empty() {
        let minp = ops.iter().map(|&(_, p)| p).min()?;
        if minp == 8 && leading_unary {
            return None;
        }
        let (idx, _) = if minp == 8 {
            *ops.iter().find(|&&(_, p)| p == minp)?
        } else {
            *ops.iter().rev().find(|&&(_, p)| p == minp)?
        };
        let (_, left_end) = span(&t[..idx])?;
        let (right_start, _) = span(&t[idx + 1..])?;
        for j in left_end..right_start {
            if seg[j] == ' ' || seg[j] == '\t' || seg[j] == '\x0c' {
                continue;
            }
            let mut right = j + 1;
            if j + 1 < right_start && !(seg[j + 1] == ' ' || seg[j + 1] == '\t' || seg[j + 1] == '\x0c') {
                right += 1;
            }
            return Some((j, right));
        }
        return None;
    }
    if leading_unary {
        return None;
    }
    // A subscript: the last top-level item is a `[...]` trailer.
    let last = t.len() - 1;
    if t[last].kind != Kind::Close(']') {
        return None;
    }
    let mut open = None;
    let mut j = 0;
    while j < t.len() {
        if let Kind::Open(_) = t[j].kind {
            let m = matching(&t, j)?;
            if m == last {
                open = Some(j);
                break;
            }
            j = m + 1;
            continue;
        }
        j += 1;
    }
    let open = open?;
    if open == 0 || t[open].kind != Kind::Open('[') {
        return None;
    }
    let (_, value_end) = span(&t[..open])?;
    let inner = &t[open + 1..last];
    let slice_end = if inner.is_empty() { return None } else { span(inner)?.1 };
    Some((value_end, slice_end + 1))
}

#[cfg(test)]
mod tests {
    use super::extract;

    fn check(seg: &str, want: Option<(usize, usize)>) {
        let chars: Vec<char> = seg.chars().collect();
        assert_eq!(extract(&chars), want, "{seg}");
    }

    #[test]
    fn anchors() {
        check("1 / x", Some((2, 3)));
        check("a // b", Some((2, 4)));
        check("a + b * c", Some((2, 3)));
        check("a * b + c", Some((6, 7)));
        check("d['k']", Some((1, 6)));
        check("f(x)", None);
        check("-a ** 2", None);
        check("(a + b) * c", Some((6, 7)));
        check("x[1][2]", Some((4, 7)));
    }
}
