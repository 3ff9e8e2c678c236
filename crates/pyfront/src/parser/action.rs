//! Helpers for the grammar's actions: node construction in the arena, target validation (store/del contexts with
//! CPython's "cannot assign to ..." errors), call arguments and parameter lists.

use bumpalo::Bump;
use bumpalo::collections::Vec as BVec;

use crate::ast::*;
use crate::parser::string::Pos;

/// An error raised by an action, located by positions of the token stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ActionError {
    pub msg: String,
    pub start: Pos,
    pub end: Pos,
}

pub(crate) type AResult<T> = Result<T, lalrpop_util::ParseError<Pos, crate::parser::Tok<'static>, ActionError>>;

pub(crate) fn fail<T>(msg: impl Into<String>, start: Pos, end: Pos) -> AResult<T> {
    Err(lalrpop_util::ParseError::User { error: ActionError { msg: msg.into(), start, end } })
}

/// Where an expression starts, for the grammar's error actions.
pub(crate) fn loc_start(e: &Expr<'_>) -> Pos {
    start_of(e.loc)
}

/// Where an expression ends, for the grammar's error actions.
pub(crate) fn loc_end(e: &Expr<'_>) -> Pos {
    end_of(e.loc)
}

fn start_of(loc: Loc) -> Pos {
    Pos { line: loc.lineno, col: loc.col_offset }
}

fn end_of(loc: Loc) -> Pos {
    Pos { line: loc.end_lineno, col: loc.end_col_offset }
}

/// A list under construction: a growable vector in the arena, passed around by reference so that parser stack
/// entries stay small (every grammar value is at most three words; the LR stack moves them on every reduction).
pub(crate) type List<'a, T> = &'a mut BVec<'a, T>;

/// Turns a finished list into the arena slice the AST holds.
pub(crate) trait Finish<'a, T> {
    fn finish(self) -> &'a [T];
}

impl<'a, T> Finish<'a, T> for &'a mut BVec<'a, T> {
    fn finish(self) -> &'a [T] {
        let bump = self.bump();
        std::mem::replace(self, BVec::new_in(bump)).into_bump_slice()
    }
}

impl<'a, T> Finish<'a, T> for BVec<'a, T> {
    fn finish(self) -> &'a [T] {
        self.into_bump_slice()
    }
}

/// The context every action sees: the arena, and the longest chain of nested prefix operators, powers, lambdas and
/// conditional expressions so far (see [`Cx::chained`]).
pub(crate) struct Cx<'a> {
    pub arena: &'a Bump,
    /// The node last built by [`Cx::chained`] and the weight of the chain it ends.
    pub chain: std::cell::Cell<(*const Expr<'a>, u32)>,
    /// The heaviest chain built.
    pub deepest: std::cell::Cell<u32>,
}

/// How deep CPython's parser may recurse (pegen's `MAXSTACK`) before it gives up with `MemoryError`.
pub(crate) const PEGEN_MAXSTACK: u32 = 6000;

/// The levels pegen has entered when it reaches an assignment's value at module level (measured: 5968 unary
/// minus signs after `x = ` overflow, 5967 do not; an expression statement starts two levels higher up, a block
/// six levels deeper, which this estimate ignores).
pub(crate) const PEGEN_BASE_LEVEL: u32 = 33;

pub(crate) fn loc(l: Pos, r: Pos) -> Loc {
    Loc { lineno: l.line, col_offset: l.col, end_lineno: r.line, end_col_offset: r.col }
}

impl<'a> Cx<'a> {
    pub fn new(arena: &'a Bump) -> Self {
        Cx { arena, chain: std::cell::Cell::new((std::ptr::null(), 0)), deepest: std::cell::Cell::new(0) }
    }

    /// Records `e`, built right after `inner` which it holds, as one more link of a chain that costs pegen `cost`
    /// levels of recursion per link (1 for a prefix operator or a conditional expression, 2 for `**` or a lambda):
    /// pegen fails with `MemoryError` on chains our LR parser reads without recursion. Returns `e`.
    pub fn chained(&self, e: &'a Expr<'a>, inner: &'a Expr<'a>, cost: u32) -> &'a Expr<'a> {
        let (last, weight) = self.chain.get();
        let weight = if std::ptr::eq(last, inner) { weight + cost } else { cost };
        self.chain.set((e, weight));
        if weight > self.deepest.get() {
            self.deepest.set(weight);
        }
        e
    }

    /// Whether pegen would have run out of recursion depth on the chains read.
    pub fn too_deep_for_pegen(&self) -> bool {
        self.deepest.get() + PEGEN_BASE_LEVEL > PEGEN_MAXSTACK
    }

    pub fn alloc<T>(&self, v: T) -> &'a T {
        self.arena.alloc(v)
    }

    /// A new expression node in the arena: grammar values are references, so a node is built once and never moved.
    pub fn ex(&self, l: Pos, r: Pos, kind: ExprKind<'a>) -> &'a Expr<'a> {
        self.arena.alloc(Expr { kind, loc: loc(l, r) })
    }

    pub fn st(&self, l: Pos, r: Pos, kind: StmtKind<'a>) -> &'a Stmt<'a> {
        self.arena.alloc(Stmt { kind, loc: loc(l, r) })
    }

    pub fn vec<T>(&self) -> List<'a, T> {
        self.arena.alloc(BVec::new_in(self.arena))
    }

    pub fn vec1<T>(&self, t: T) -> List<'a, T> {
        let v = self.arena.alloc(BVec::with_capacity_in(2, self.arena));
        v.push(t);
        v
    }

    pub fn vec2<T>(&self, a: T, b: T) -> List<'a, T> {
        let v = self.arena.alloc(BVec::with_capacity_in(4, self.arena));
        v.push(a);
        v.push(b);
        v
    }

    pub fn none(&self, l: Pos, r: Pos) -> &'a Expr<'a> {
        self.ex(l, r, ExprKind::Constant { value: Constant::None, kind: None })
    }

    /// `a.b.c` as one identifier for `import`.
    pub fn dotted(&self, parts: &[&'a str]) -> &'a str {
        if parts.len() == 1 {
            return parts[0];
        }
        let mut s = bumpalo::collections::String::new_in(self.arena);
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                s.push('.');
            }
            s.push_str(p);
        }
        s.into_bump_str()
    }

    /// Joins `elif`/`else` chains: the `If` of an `elif` spans from `elif` to the end of its last block.
    pub fn if_chain(&self, l: Pos, test: &'a Expr<'a>, body: Body<'a>, orelse: Option<Body<'a>>) -> &'a Stmt<'a> {
        let r = orelse.map_or(body.end, |o| o.end);
        let orelse = orelse.map_or(&[][..], |o| o.stmts);
        self.st(l, r, StmtKind::If { test, body: body.stmts, orelse })
    }

    /// `with (a, b):` is two items, not a tuple (3.11's first `with_stmt` alternative): a lone parenthesized tuple
    /// without `as` is split.
    pub fn with_items(&self, items: List<'a, WithItem<'a>>) -> &'a [WithItem<'a>] {
        if let [WithItem { context_expr, optional_vars: None }] = items[..]
            && let ExprKind::Tuple { elts, .. } = context_expr.kind
            && !elts.is_empty()
        {
            let mut v = BVec::with_capacity_in(elts.len(), self.arena);
            for e in elts {
                v.push(WithItem { context_expr: self.alloc(*e), optional_vars: None });
            }
            return v.into_bump_slice();
        }
        items.finish()
    }

    /// Converts a parsed expression into an assignment (or `del`) target, as CPython's grammar only accepts
    /// targets there; `star_targets` selects the "Maybe you meant '=='" wording of assignment statements.
    pub fn target(&self, e: &Expr<'a>, ctx: ExprContext, wording: TargetWording) -> AResult<Expr<'a>> {
        let kind = match e.kind {
            ExprKind::Name { id, .. } => ExprKind::Name { id, ctx },
            ExprKind::Attribute { value, attr, .. } => ExprKind::Attribute { value, attr, ctx },
            ExprKind::Subscript { value, slice, .. } => ExprKind::Subscript { value, slice, ctx },
            // Nested targets never get the hint: pegen's hint is for a whole `bitwise_or` left of `=`.
            ExprKind::Starred { value, .. } if ctx != ExprContext::Del => {
                ExprKind::Starred { value: self.alloc(self.target(value, ctx, TargetWording::Plain)?), ctx }
            }
            ExprKind::Tuple { elts, .. } => {
                ExprKind::Tuple { elts: self.targets(elts, ctx, TargetWording::Plain)?, ctx }
            }
            ExprKind::List { elts, .. } => ExprKind::List { elts: self.targets(elts, ctx, TargetWording::Plain)?, ctx },
            _ => {
                let what = expr_name(e);
                let msg = match (ctx, wording) {
                    (ExprContext::Del, _) => format!("cannot delete {what}"),
                    (_, TargetWording::Assign)
                        if !matches!(e.kind, ExprKind::Constant { value: Constant::None | Constant::Bool(_), .. }) =>
                    {
                        format!("cannot assign to {what} here. Maybe you meant '==' instead of '='?")
                    }
                    _ => format!("cannot assign to {what}"),
                };
                return fail(msg, start_of(e.loc), end_of(e.loc));
            }
        };
        Ok(Expr { kind, loc: e.loc })
    }

    fn targets(&self, elts: &[Expr<'a>], ctx: ExprContext, wording: TargetWording) -> AResult<&'a [Expr<'a>]> {
        let mut v = BVec::with_capacity_in(elts.len(), self.arena);
        for e in elts {
            v.push(self.target(e, ctx, wording)?);
        }
        Ok(v.into_bump_slice())
    }

    /// `x = y = value`: every expression but the last is a target.
    pub fn assign(
        &self,
        l: Pos,
        r: Pos,
        first: &'a Expr<'a>,
        rest: List<'a, Expr<'a>>,
        type_comment: Option<&'a str>,
    ) -> AResult<&'a Stmt<'a>> {
        let mut targets = BVec::with_capacity_in(rest.len(), self.arena);
        // pegen's hint needs `bitwise_or '=' bitwise_or` not followed by another `=`.
        let wording = if rest.len() == 1
            && is_bitwise_or(first)
            && !matches!(first.kind, ExprKind::GeneratorExp { .. })
            && starts_with_bitwise_or(&rest[0])
        {
            TargetWording::Assign
        } else {
            TargetWording::Plain
        };
        targets.push(self.target(first, ExprContext::Store, wording)?);
        for e in &rest[..rest.len() - 1] {
            if matches!(e.kind, ExprKind::Yield { .. } | ExprKind::YieldFrom { .. }) {
                return fail("assignment to yield expression not possible", start_of(e.loc), end_of(e.loc));
            }
            targets.push(self.target(e, ExprContext::Store, TargetWording::Plain)?);
        }
        let value = self.alloc(rest[rest.len() - 1]);
        Ok(self.st(l, r, StmtKind::Assign { targets: targets.into_bump_slice(), value, type_comment }))
    }

    pub fn aug_assign(
        &self,
        l: Pos,
        r: Pos,
        target: &'a Expr<'a>,
        op: Operator,
        value: &'a Expr<'a>,
    ) -> AResult<&'a Stmt<'a>> {
        if !matches!(target.kind, ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. }) {
            let msg = format!("'{}' is an illegal expression for augmented assignment", expr_name(target));
            return fail(msg, start_of(target.loc), end_of(target.loc));
        }
        let target = self.alloc(self.target(target, ExprContext::Store, TargetWording::Plain)?);
        Ok(self.st(l, r, StmtKind::AugAssign { target, op, value }))
    }

    /// `target: annotation [= value]`; `simple` holds for a bare name not in parentheses.
    pub fn ann_assign(
        &self,
        l: Pos,
        r: Pos,
        target: &'a Expr<'a>,
        annotation: &'a Expr<'a>,
        value: Option<&'a Expr<'a>>,
    ) -> AResult<&'a Stmt<'a>> {
        let simple = matches!(target.kind, ExprKind::Name { .. }) && start_of(target.loc) == l;
        match target.kind {
            ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {}
            ExprKind::Tuple { elts, .. } => {
                // pegen blames an unparenthesized tuple's first element, a parenthesized tuple as a whole.
                let blamed = match elts.first() {
                    Some(first) if start_of(first.loc) == start_of(target.loc) => first.loc,
                    _ => target.loc,
                };
                return fail("only single target (not tuple) can be annotated", start_of(blamed), end_of(blamed));
            }
            ExprKind::List { .. } => {
                return fail(
                    "only single target (not list) can be annotated",
                    start_of(target.loc),
                    end_of(target.loc),
                );
            }
            _ => return fail("illegal target for annotation", start_of(target.loc), end_of(target.loc)),
        }
        let target = self.alloc(self.target(target, ExprContext::Store, TargetWording::Plain)?);
        Ok(self.st(l, r, StmtKind::AnnAssign { target, annotation, value, simple }))
    }

    /// Splits call arguments into positional ones and keywords, with CPython's ordering errors.
    pub fn call(&self, l: Pos, r: Pos, func: &'a Expr<'a>, items: List<'a, ArgItem<'a>>) -> AResult<&'a Expr<'a>> {
        // pegen raises these at the last token it read: the closing parenthesis.
        let (ps, pe) = (Pos { line: r.line, col: r.col.saturating_sub(1) }, r);
        let mut args = BVec::new_in(self.arena);
        let mut keywords = BVec::new_in(self.arena);
        let mut seen_kw = false;
        let mut seen_kw_unpack = false;
        for &item in items.iter() {
            match item {
                ArgItem::Pos(e) => {
                    if seen_kw_unpack {
                        return fail("positional argument follows keyword argument unpacking", ps, pe);
                    }
                    if seen_kw {
                        return fail("positional argument follows keyword argument", ps, pe);
                    }
                    args.push(*e);
                }
                ArgItem::Star(e) => {
                    if seen_kw_unpack {
                        // Reported at the `*` token.
                        let star = start_of(e.loc);
                        let after = Pos { line: star.line, col: star.col + 1 };
                        return fail("iterable argument unpacking follows keyword argument unpacking", star, after);
                    }
                    args.push(*e);
                }
                ArgItem::Kw(k) => {
                    if k.arg.is_some() {
                        seen_kw = true;
                    } else {
                        seen_kw_unpack = true;
                    }
                    keywords.push(*k);
                }
            }
        }
        Ok(self.ex(l, r, ExprKind::Call { func, args: args.into_bump_slice(), keywords: keywords.into_bump_slice() }))
    }

    /// [`Cx::params`] for a lambda, whose "named arguments must follow bare *" pegen raises without a location:
    /// at the last token it read, the `:` (given) or a `**` after the comma.
    pub fn lambda_params(&self, items: &[Param<'a>], colon: (Pos, Pos)) -> AResult<&'a Arguments<'a>> {
        self.params(items).map_err(|mut e| {
            if let lalrpop_util::ParseError::User { error } = &mut e
                && error.msg == "named arguments must follow bare *"
            {
                (error.start, error.end) = match items.last() {
                    Some(Param::DoubleStar(_, s)) => (*s, Pos { line: s.line, col: s.col + 2 }),
                    _ => colon,
                };
            }
            e
        })
    }

    /// Builds `arguments` from a flat parameter list, with CPython's ordering errors.
    pub fn params(&self, items: &[Param<'a>]) -> AResult<&'a Arguments<'a>> {
        let mut posonly = BVec::new_in(self.arena);
        let mut args = BVec::new_in(self.arena);
        let mut defaults = BVec::new_in(self.arena);
        let mut kwonly = BVec::new_in(self.arena);
        let mut kw_defaults = BVec::new_in(self.arena);
        let mut vararg = None;
        let mut kwarg: Option<&'a Arg<'a>> = None;
        let mut star_seen = false;
        let mut slash_seen = false;
        let mut bare_star: Option<(Pos, Pos)> = None;
        for (i, p) in items.iter().enumerate() {
            if kwarg.is_some() {
                let (s, e) = p.span();
                return fail("arguments cannot follow var-keyword argument", s, e);
            }
            match *p {
                Param::Slash(s, e) => {
                    if slash_seen {
                        return fail("/ may appear only once", s, e);
                    }
                    if star_seen {
                        return fail("/ must be ahead of *", s, e);
                    }
                    if i == 0 && items.len() == 1 {
                        // `def f(/)`: pegen's rule wants a comma after the `/`, so the error is the generic one.
                        return fail("invalid syntax", s, e);
                    }
                    if i == 0 {
                        return fail("at least one argument must precede /", s, e);
                    }
                    slash_seen = true;
                    posonly.append(&mut args);
                }
                Param::Star(s, e, arg) => {
                    if star_seen {
                        // Reported at the `*` alone.
                        let _ = e;
                        return fail("* argument may appear only once", s, Pos { line: s.line, col: s.col + 1 });
                    }
                    star_seen = true;
                    match arg {
                        Some(a) => vararg = Some(self.alloc(a)),
                        None => bare_star = Some((s, e)),
                    }
                }
                Param::DoubleStar(a, _) => kwarg = Some(self.alloc(a)),
                Param::Plain(a, default) => {
                    if star_seen {
                        kwonly.push(a);
                        kw_defaults.push(default.copied());
                    } else {
                        match default {
                            Some(d) => defaults.push(*d),
                            None if !defaults.is_empty() => {
                                return fail(
                                    "non-default argument follows default argument",
                                    start_of(a.loc),
                                    end_of(a.loc),
                                );
                            }
                            None => {}
                        }
                        args.push(a);
                    }
                }
            }
        }
        if let Some((s, e)) = bare_star
            && kwonly.is_empty()
        {
            return fail("named arguments must follow bare *", s, e);
        }
        Ok(self.alloc(Arguments {
            posonlyargs: posonly.into_bump_slice(),
            args: args.into_bump_slice(),
            vararg,
            kwonlyargs: kwonly.into_bump_slice(),
            kw_defaults: kw_defaults.into_bump_slice(),
            kwarg,
            defaults: defaults.into_bump_slice(),
        }))
    }

    /// Gives the last parameter of `v` its type comment.
    /// Gives the last parameter of `v` the type comment `tc` (at `at`); a bare `*` can have none.
    pub fn param_type_comment(
        &self,
        v: List<'a, Param<'a>>,
        tc: &'a str,
        at: (Pos, Pos),
    ) -> AResult<List<'a, Param<'a>>> {
        match v.last_mut() {
            Some(Param::Plain(a, _) | Param::DoubleStar(a, _) | Param::Star(_, _, Some(a))) => {
                a.type_comment = Some(tc)
            }
            Some(Param::Star(_, _, None)) => return fail("bare * has associated type comment", at.0, at.1),
            _ => {}
        }
        Ok(v)
    }

    pub fn no_params(&self) -> &'a Arguments<'a> {
        self.alloc(Arguments {
            posonlyargs: &[],
            args: &[],
            vararg: None,
            kwonlyargs: &[],
            kw_defaults: &[],
            kwarg: None,
            defaults: &[],
        })
    }

    pub fn arg(&self, l: Pos, r: Pos, name: &'a str, annotation: Option<&'a Expr<'a>>) -> Arg<'a> {
        Arg { arg: name, annotation, type_comment: None, loc: loc(l, r) }
    }
}

/// One operand of a run of binary operators (`a + b * c`), with the operator before it (the first operand's is a
/// placeholder) and the span of its tokens, parentheses included, which the enclosing `BinOp` nodes inherit.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BinOperand<'a> {
    pub op: Operator,
    pub expr: &'a Expr<'a>,
    pub start: Pos,
    pub end: Pos,
}

/// Binding strength of the operators a [`BinOperand`] run holds (3.11's bitwise_or .. term levels); all associate
/// to the left.
fn precedence(op: Operator) -> u8 {
    match op {
        Operator::BitOr => 1,
        Operator::BitXor => 2,
        Operator::BitAnd => 3,
        Operator::LShift | Operator::RShift => 4,
        Operator::Add | Operator::Sub => 5,
        Operator::Mult | Operator::Div | Operator::FloorDiv | Operator::Mod | Operator::MatMult => 6,
        Operator::Pow => 7,
    }
}

/// How many operators can wait on the stack of [`Cx::binops`]: precedence strictly increases up the stack, so at
/// most one per level.
const LEVELS: usize = 8;

/// The two stacks of [`Cx::binops`]: pending operators, and operands with their spans.
struct BinStacks<'a> {
    ops: [Operator; LEVELS],
    nops: usize,
    vals: [(&'a Expr<'a>, Pos, Pos); LEVELS + 1],
    nvals: usize,
}

impl<'a> BinStacks<'a> {
    /// Applies the top operator to the top two operands.
    fn reduce(&mut self, cx: &Cx<'a>) {
        self.nops -= 1;
        self.nvals -= 1;
        let (right, _, r) = self.vals[self.nvals];
        let (left, l, _) = self.vals[self.nvals - 1];
        let op = self.ops[self.nops];
        self.vals[self.nvals - 1] = (cx.ex(l, r, ExprKind::BinOp { left, op, right }), l, r);
    }
}

impl<'a> Cx<'a> {
    /// Nests a run of binary operators by precedence (operator-precedence parsing). Each node spans from its left
    /// operand's first token to its right operand's last, as the grammar's levels would have made it.
    pub fn binops(&self, run: &[BinOperand<'a>]) -> &'a Expr<'a> {
        let Some(first) = run.first() else { unreachable!("the grammar gives a run two operands or more") };
        let mut st = BinStacks {
            ops: [Operator::Add; LEVELS],
            nops: 0,
            vals: [(first.expr, first.start, first.end); LEVELS + 1],
            nvals: 1,
        };
        for item in &run[1..] {
            while st.nops > 0 && precedence(st.ops[st.nops - 1]) >= precedence(item.op) {
                st.reduce(self);
            }
            st.ops[st.nops] = item.op;
            st.nops += 1;
            st.vals[st.nvals] = (item.expr, item.start, item.end);
            st.nvals += 1;
        }
        while st.nops > 0 {
            st.reduce(self);
        }
        st.vals[0].0
    }
}

/// A block's statements and where its last significant token ends.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Body<'a> {
    pub stmts: &'a [Stmt<'a>],
    pub end: Pos,
}

pub(crate) fn end_pos(s: &Stmt<'_>) -> Pos {
    end_of(s.loc)
}

/// Which wording a bad assignment target gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TargetWording {
    /// `star_targets` / `for` targets: "... here. Maybe you meant '==' instead of '='?".
    Assign,
    Plain,
}

/// One item of a call's argument list.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ArgItem<'a> {
    Pos(&'a Expr<'a>),
    Star(&'a Expr<'a>),
    Kw(&'a Keyword<'a>),
}

/// One item of a parameter list, before `arguments` is assembled.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Param<'a> {
    Plain(Arg<'a>, Option<&'a Expr<'a>>),
    Slash(Pos, Pos),
    Star(Pos, Pos, Option<Arg<'a>>),
    /// The parameter and where its `**` starts.
    DoubleStar(Arg<'a>, Pos),
}

impl Param<'_> {
    fn span(&self) -> (Pos, Pos) {
        match self {
            Param::Plain(a, _) => (start_of(a.loc), end_of(a.loc)),
            Param::Slash(s, e) => (*s, *e),
            // pegen reports a starred parameter at its star alone.
            Param::Star(s, _, _) => (*s, Pos { line: s.line, col: s.col + 1 }),
            Param::DoubleStar(_, s) => (*s, Pos { line: s.line, col: s.col + 2 }),
        }
    }
}

/// `_PyPegen_get_expr_name`: how error messages name an expression.
pub(crate) fn expr_name(e: &Expr<'_>) -> &'static str {
    match e.kind {
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred { .. } => "starred",
        ExprKind::Name { .. } => "name",
        ExprKind::List { .. } => "list",
        ExprKind::Tuple { .. } => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } => "yield expression",
        ExprKind::Await { .. } => "await expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set { .. } => "set display",
        ExprKind::JoinedStr { .. } | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::Constant { value, .. } => match value {
            Constant::None => "None",
            Constant::Bool(false) => "False",
            Constant::Bool(true) => "True",
            Constant::Ellipsis => "ellipsis",
            _ => "literal",
        },
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "slice",
    }
}

impl<'a> Cx<'a> {
    /// Attaches decorators to a `def` or `class` (whose position stays at the keyword, as in CPython 3.8+).
    pub fn decorate(&self, s: &'a Stmt<'a>, decorators: List<'a, Expr<'a>>) -> &'a Stmt<'a> {
        let decorator_list = decorators.finish();
        let kind = match s.kind {
            StmtKind::FunctionDef(d) => StmtKind::FunctionDef(self.alloc(FunctionDef { decorator_list, ..*d })),
            StmtKind::AsyncFunctionDef(d) => {
                StmtKind::AsyncFunctionDef(self.alloc(FunctionDef { decorator_list, ..*d }))
            }
            StmtKind::ClassDef(c) => StmtKind::ClassDef(self.alloc(ClassDef { decorator_list, ..*c })),
            other => other,
        };
        self.alloc(Stmt { kind, loc: s.loc })
    }
}

/// An argument of a class pattern: positional, or `name=pattern`.
#[derive(Clone, Copy)]
pub(crate) enum ClassArg<'a> {
    Pos(&'a Pattern<'a>),
    Kw(&'a str, &'a Pattern<'a>),
}

impl<'a> Cx<'a> {
    pub fn pat(&self, l: Pos, r: Pos, kind: PatternKind<'a>) -> &'a Pattern<'a> {
        self.arena.alloc(Pattern { kind, loc: loc(l, r) })
    }

    /// `Cls(p, ..., name=p, ...)`: keyword patterns must come last ("positional patterns follow keyword patterns",
    /// reported over the positional patterns that follow the first keyword).
    pub fn class_pattern(
        &self,
        l: Pos,
        r: Pos,
        cls: &'a Expr<'a>,
        args: List<'a, ClassArg<'a>>,
    ) -> AResult<&'a Pattern<'a>> {
        let mut patterns = BVec::new_in(self.arena);
        let mut kwd_attrs = BVec::new_in(self.arena);
        let mut kwd_patterns = BVec::new_in(self.arena);
        let mut late: Option<(Pos, Pos)> = None;
        for a in args.iter() {
            match *a {
                ClassArg::Pos(p) if !kwd_attrs.is_empty() => {
                    let (s, e) = (start_of(p.loc), end_of(p.loc));
                    late = Some(late.map_or((s, e), |(s0, _)| (s0, e)));
                }
                ClassArg::Pos(p) => patterns.push(*p),
                ClassArg::Kw(n, p) => {
                    kwd_attrs.push(n);
                    kwd_patterns.push(*p);
                }
            }
        }
        if let Some((s, e)) = late {
            return fail("positional patterns follow keyword patterns", s, e);
        }
        Ok(self.pat(
            l,
            r,
            PatternKind::MatchClass {
                cls,
                patterns: patterns.into_bump_slice(),
                kwd_attrs: kwd_attrs.into_bump_slice(),
                kwd_patterns: kwd_patterns.into_bump_slice(),
            },
        ))
    }

    /// A comprehension's element may not be starred.
    pub fn no_unpacking(&self, e: &'a Expr<'a>) -> AResult<()> {
        match e.kind {
            ExprKind::Starred { .. } => {
                fail("iterable unpacking cannot be used in comprehension", start_of(e.loc), end_of(e.loc))
            }
            _ => Ok(()),
        }
    }

    /// `target := value`: the target must be a name.
    pub fn named_expr(&self, l: Pos, r: Pos, t: &'a Expr<'a>, value: &'a Expr<'a>) -> AResult<&'a Expr<'a>> {
        match t.kind {
            // pegen wants a bare NAME token: a parenthesized name (its span starts after `l`) is no target.
            ExprKind::Name { id, .. } if start_of(t.loc) == l => {
                let target = self.alloc(Expr { kind: ExprKind::Name { id, ctx: ExprContext::Store }, loc: t.loc });
                Ok(self.ex(l, r, ExprKind::NamedExpr { target, value }))
            }
            _ => {
                fail(format!("cannot use assignment expressions with {}", expr_name(t)), start_of(t.loc), end_of(t.loc))
            }
        }
    }

    /// `a = b` where a test belongs: always an error, worded by what `a` is.
    pub fn eq_for_compare(&self, a: &'a Expr<'a>, b: &'a Expr<'a>, el: Pos, er: Pos) -> AResult<&'a Expr<'a>> {
        match a.kind {
            ExprKind::Name { .. } => {
                fail("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", start_of(a.loc), end_of(b.loc))
            }
            ExprKind::List { .. }
            | ExprKind::Tuple { .. }
            | ExprKind::GeneratorExp { .. }
            | ExprKind::Constant { value: Constant::None | Constant::Bool(_), .. } => fail("invalid syntax", el, er),
            _ => fail(
                format!("cannot assign to {} here. Maybe you meant '==' instead of '='?", expr_name(a)),
                start_of(a.loc),
                end_of(a.loc),
            ),
        }
    }

    /// `real + imag` or `real - imag` in a pattern: the left number must be real and the right one imaginary.
    pub fn complex_literal(
        &self,
        l: Pos,
        r: Pos,
        real: &'a Expr<'a>,
        op: Operator,
        imag: &'a Expr<'a>,
    ) -> AResult<&'a Expr<'a>> {
        let number = match real.kind {
            ExprKind::UnaryOp { operand, .. } => operand,
            _ => real,
        };
        if matches!(number.kind, ExprKind::Constant { value: Constant::Complex { .. }, .. }) {
            return fail("real number required in complex literal", start_of(number.loc), end_of(number.loc));
        }
        if !matches!(imag.kind, ExprKind::Constant { value: Constant::Complex { .. }, .. }) {
            return fail("imaginary number required in complex literal", start_of(imag.loc), end_of(imag.loc));
        }
        Ok(self.ex(l, r, ExprKind::BinOp { left: real, op, right: imag }))
    }
}

/// Whether an expression is a whole `bitwise_or` (no comparison, boolean operator, `not`, conditional, lambda or
/// starred expression at its top).
fn is_bitwise_or(e: &Expr<'_>) -> bool {
    !matches!(
        e.kind,
        ExprKind::Compare { .. }
            | ExprKind::BoolOp { .. }
            | ExprKind::UnaryOp { op: UnaryOp::Not, .. }
            | ExprKind::IfExp { .. }
            | ExprKind::Lambda { .. }
            | ExprKind::Starred { .. }
            | ExprKind::NamedExpr { .. }
    )
}

/// Whether an assigned value's text begins with a `bitwise_or` (its leftmost operand is one).
fn starts_with_bitwise_or(e: &Expr<'_>) -> bool {
    match e.kind {
        ExprKind::Tuple { elts: [first, ..], .. } if first.loc.col_offset == e.loc.col_offset => {
            starts_with_bitwise_or(first)
        }
        ExprKind::Compare { left, .. } => starts_with_bitwise_or(left),
        ExprKind::BoolOp { values: [first, ..], .. } => starts_with_bitwise_or(first),
        ExprKind::IfExp { body, .. } => starts_with_bitwise_or(body),
        // A target's yield was parenthesized; a value's is taken as bare (`x = yield`).
        ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } => false,
        _ => is_bitwise_or(e),
    }
}
