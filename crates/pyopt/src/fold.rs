//! CPython 3.11's AST optimizer (`Python/ast_opt.c`): constant folding over the immutable arena AST.
//!
//! The traversal is bottom-up, in CPython's order: children are folded first, then the node's own rule runs on the
//! folded children. Nodes are never mutated: a node whose children changed is rebuilt in the same arena, and every
//! unchanged subtree (and list) is shared with the input.
//!
//! Rules, each switchable through [`FoldConfig`]:
//! - unary operators on constants, and `not` over a single `is`/`is not`/`in`/`not in` comparison inverted;
//! - binary operators on constants with CPython's size guards (128-bit ints, 4096-item strings, 256-item tuples);
//! - `'%s...' % (a, b)` rewritten into an f-string;
//! - all-constant tuples (Load context) and `Constant[Constant]` subscripts become constants;
//! - list and set displays as the last `in` operand, a `for` iterable or a comprehension iterable become tuples and
//!   frozensets;
//! - `__debug__` becomes `True` (or `False` when optimizing);
//! - a first statement that folding turns into a string is wrapped in a JoinedStr so that it is not a docstring.
//!
//! A fold that would raise in CPython (`1/0`, `-(1,)`) or that a guard refuses leaves the node as it was.
//!
//! Layout: `fold/number.rs` (int/float/complex arithmetic), `fold/constant.rs` (constants as Python values),
//! `fold/operator.rs` (operators and size guards), `fold/format.rs` (the %-format rewrite).

mod constant;
mod format;
mod number;
mod operator;

use std::ptr;

use bumpalo::Bump;
use bumpalo::collections::Vec as BVec;
use pyfront::ast::{
    Arg, Arguments, CmpOp, Comprehension, Constant, ExceptHandler, Expr, ExprContext, ExprKind, For, Keyword, Loc,
    MatchCase, Mod, Operator, Pattern, PatternKind, Stmt, StmtKind, Try, UnaryOp, With, WithItem,
};
use pyir::error::CompileError;

/// The location CPython gives nodes it creates without one (line -1): every field is `u32::MAX`, which an `as i32`
/// cast turns back into -1. The %-format rewrite gives its literal pieces and format specs this location.
pub const NO_LOC: Loc = Loc { lineno: u32::MAX, col_offset: u32::MAX, end_lineno: u32::MAX, end_col_offset: u32::MAX };

/// Which rule families run, and the compile options the folder depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoldConfig {
    /// `~ - + not` on constants.
    pub unary: bool,
    /// `not (a is b)` → `a is not b`, and likewise for `is not`, `in`, `not in`.
    pub not_compare: bool,
    /// Binary operators on constants.
    pub binary: bool,
    /// `'%s' % (a,)` → `f'{a!s}'`.
    pub percent_format: bool,
    /// Tuples of constants in Load context.
    pub tuple: bool,
    /// `Constant[Constant]` in Load context.
    pub subscript: bool,
    /// Lists and sets in iterable positions → tuples and frozensets.
    pub iterables: bool,
    /// `__debug__` → a constant.
    pub debug_const: bool,
    /// Keep a string made by folding from becoming a docstring (needed for correctness whenever folding runs).
    pub docstring_guard: bool,
    /// The `optimize` level (`-O` count); `__debug__` is `True` only at level 0.
    pub optimize: i32,
    /// `from __future__ import annotations` is in effect: annotations are left alone.
    pub future_annotations: bool,
    /// Nesting of statements, expressions and patterns beyond which CPython raises `RecursionError` (3 × the
    /// interpreter's recursion limit of 1000, less 3 × the Python call depth of whoever compiles).
    pub recursion_limit: u32,
}

impl FoldConfig {
    /// Everything CPython 3.11 does, at optimization level 0.
    pub fn cpython() -> FoldConfig {
        FoldConfig {
            unary: true,
            not_compare: true,
            binary: true,
            percent_format: true,
            tuple: true,
            subscript: true,
            iterables: true,
            debug_const: true,
            docstring_guard: true,
            optimize: 0,
            future_annotations: false,
            recursion_limit: 3000,
        }
    }

    /// No rule at all: the tree comes back unchanged (the recursion limit still applies).
    pub fn none() -> FoldConfig {
        FoldConfig {
            unary: false,
            not_compare: false,
            binary: false,
            percent_format: false,
            tuple: false,
            subscript: false,
            iterables: false,
            debug_const: false,
            docstring_guard: false,
            ..FoldConfig::cpython()
        }
    }
}

impl Default for FoldConfig {
    fn default() -> FoldConfig {
        FoldConfig::cpython()
    }
}

/// Folds a whole module (or interactive input, or expression). The result shares every unchanged subtree with
/// `module`. Fails only as CPython does: `RecursionError` on nesting deeper than `cfg.recursion_limit`.
pub fn fold_module<'a>(module: &Mod<'a>, arena: &'a Bump, cfg: &FoldConfig) -> Result<Mod<'a>, CompileError> {
    let mut f = Folder { arena, cfg, depth: 0 };
    Ok(match *module {
        Mod::Module { body, type_ignores } => Mod::Module { body: f.body(body)?, type_ignores },
        Mod::Interactive { body } => Mod::Interactive { body: f.stmts(body)? },
        Mod::Expression { body } => Mod::Expression { body: f.expr(body)? },
        // Function type comments take no part in folding.
        m @ Mod::FunctionType { .. } => m,
    })
}

/// Folds one expression (as in `eval` mode).
pub fn fold_expr<'a>(expr: &'a Expr<'a>, arena: &'a Bump, cfg: &FoldConfig) -> Result<&'a Expr<'a>, CompileError> {
    Folder { arena, cfg, depth: 0 }.expr(expr)
}

type R<T> = Result<T, CompileError>;

struct Folder<'a, 'c> {
    arena: &'a Bump,
    cfg: &'c FoldConfig,
    depth: u32,
}

/// Whether a fold returned its input itself (nothing changed below it).
fn same<T: ?Sized>(a: &T, b: &T) -> bool {
    ptr::eq(a, b)
}

fn constant_of<'a, 'e>(e: &'e Expr<'a>) -> Option<&'e Constant<'a>> {
    match &e.kind {
        ExprKind::Constant { value, .. } => Some(value),
        _ => None,
    }
}

/// `_PyAST_GetDocString`: the body starts with an expression statement that is a str constant.
fn has_docstring(body: &[Stmt<'_>]) -> bool {
    matches!(
        body.first(),
        Some(Stmt {
            kind: StmtKind::Expr { value: Expr { kind: ExprKind::Constant { value: Constant::Str(_), .. }, .. } },
            ..
        })
    )
}

impl<'a> Folder<'a, '_> {
    fn alloc<T>(&self, v: T) -> &'a T {
        self.arena.alloc(v)
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > self.cfg.recursion_limit {
            return Err(CompileError::recursion());
        }
        Ok(())
    }

    /// Folds every item of a list, returning the input list itself when nothing changed.
    fn seq<T: Copy>(&mut self, items: &'a [T], mut f: impl FnMut(&mut Self, &'a T) -> R<&'a T>) -> R<&'a [T]> {
        let mut out: Option<BVec<'a, T>> = None;
        for (i, it) in items.iter().enumerate() {
            let new = f(self, it)?;
            match &mut out {
                Some(v) => v.push(*new),
                None if !same(new, it) => {
                    let mut v = BVec::with_capacity_in(items.len(), self.arena);
                    v.extend_from_slice(&items[..i]);
                    v.push(*new);
                    out = Some(v);
                }
                None => {}
            }
        }
        Ok(out.map_or(items, BVec::into_bump_slice))
    }

    fn exprs(&mut self, es: &'a [Expr<'a>]) -> R<&'a [Expr<'a>]> {
        self.seq(es, |f, e| f.expr(e))
    }

    fn stmts(&mut self, ss: &'a [Stmt<'a>]) -> R<&'a [Stmt<'a>]> {
        self.seq(ss, |f, s| f.stmt(s))
    }

    fn opt_expr(&mut self, e: Option<&'a Expr<'a>>) -> R<Option<&'a Expr<'a>>> {
        e.map(|e| self.expr(e)).transpose()
    }

    fn opt_exprs(&mut self, es: &'a [Option<Expr<'a>>]) -> R<&'a [Option<Expr<'a>>]> {
        self.seq(es, |f, o| match o {
            Some(e) => {
                let new = f.expr(e)?;
                Ok(if same(new, e) { o } else { f.alloc(Some(*new)) })
            }
            None => Ok(o),
        })
    }

    fn annotation(&mut self, e: Option<&'a Expr<'a>>) -> R<Option<&'a Expr<'a>>> {
        if self.cfg.future_annotations { Ok(e) } else { self.opt_expr(e) }
    }

    /// `astfold_body`: a statement list that may carry a docstring.
    fn body(&mut self, body: &'a [Stmt<'a>]) -> R<&'a [Stmt<'a>]> {
        let had_docstring = has_docstring(body);
        let new = self.stmts(body)?;
        if !self.cfg.docstring_guard || had_docstring || !has_docstring(new) {
            return Ok(new);
        }
        let first = &new[0];
        let StmtKind::Expr { value } = first.kind else { return Ok(new) };
        let joined =
            self.alloc(Expr { kind: ExprKind::JoinedStr { values: std::slice::from_ref(value) }, loc: first.loc });
        let mut v = BVec::from_iter_in(new.iter().copied(), self.arena);
        v[0] = Stmt { kind: StmtKind::Expr { value: joined }, loc: first.loc };
        Ok(v.into_bump_slice())
    }

    fn stmt(&mut self, s: &'a Stmt<'a>) -> R<&'a Stmt<'a>> {
        self.enter()?;
        let kind = self.stmt_kind(s)?;
        self.depth -= 1;
        Ok(match kind {
            Some(kind) => self.alloc(Stmt { kind, loc: s.loc }),
            None => s,
        })
    }

    /// The statement's new kind, or `None` when nothing in it changed.
    fn stmt_kind(&mut self, s: &'a Stmt<'a>) -> R<Option<StmtKind<'a>>> {
        macro_rules! changed {
            ($($new:ident == $old:expr),+ => $kind:expr) => {
                if $(same($new, $old))&&+ { None } else { Some($kind) }
            };
        }
        Ok(match s.kind {
            StmtKind::FunctionDef(d) | StmtKind::AsyncFunctionDef(d) => {
                let args = self.arguments(d.args)?;
                let body = self.body(d.body)?;
                let decorator_list = self.exprs(d.decorator_list)?;
                let returns = self.annotation(d.returns)?;
                if same(args, d.args)
                    && same(body, d.body)
                    && same(decorator_list, d.decorator_list)
                    && opt_same(returns, d.returns)
                {
                    None
                } else {
                    let nd = self.alloc(pyfront::ast::FunctionDef { args, body, decorator_list, returns, ..*d });
                    Some(match s.kind {
                        StmtKind::FunctionDef(_) => StmtKind::FunctionDef(nd),
                        _ => StmtKind::AsyncFunctionDef(nd),
                    })
                }
            }
            StmtKind::ClassDef(c) => {
                let bases = self.exprs(c.bases)?;
                let keywords = self.keywords(c.keywords)?;
                let body = self.body(c.body)?;
                let decorator_list = self.exprs(c.decorator_list)?;
                changed!(bases == c.bases, keywords == c.keywords, body == c.body, decorator_list == c.decorator_list
                    => StmtKind::ClassDef(self.alloc(pyfront::ast::ClassDef { bases, keywords, body, decorator_list, ..*c })))
            }
            StmtKind::Return { value } => {
                let new = self.opt_expr(value)?;
                (!opt_same(new, value)).then_some(StmtKind::Return { value: new })
            }
            StmtKind::Delete { targets } => {
                let new = self.exprs(targets)?;
                changed!(new == targets => StmtKind::Delete { targets: new })
            }
            StmtKind::Assign { targets, value, type_comment } => {
                let t = self.exprs(targets)?;
                let v = self.expr(value)?;
                changed!(t == targets, v == value => StmtKind::Assign { targets: t, value: v, type_comment })
            }
            StmtKind::AugAssign { target, op, value } => {
                let t = self.expr(target)?;
                let v = self.expr(value)?;
                changed!(t == target, v == value => StmtKind::AugAssign { target: t, op, value: v })
            }
            StmtKind::AnnAssign { target, annotation, value, simple } => {
                let t = self.expr(target)?;
                let a = if self.cfg.future_annotations { annotation } else { self.expr(annotation)? };
                let v = self.opt_expr(value)?;
                if same(t, target) && same(a, annotation) && opt_same(v, value) {
                    None
                } else {
                    Some(StmtKind::AnnAssign { target: t, annotation: a, value: v, simple })
                }
            }
            StmtKind::For(fr) => self.for_stmt(fr, false)?.map(StmtKind::For),
            StmtKind::AsyncFor(fr) => self.for_stmt(fr, true)?.map(StmtKind::AsyncFor),
            StmtKind::While { test, body, orelse } => {
                let t = self.expr(test)?;
                let b = self.stmts(body)?;
                let o = self.stmts(orelse)?;
                changed!(t == test, b == body, o == orelse => StmtKind::While { test: t, body: b, orelse: o })
            }
            StmtKind::If { test, body, orelse } => {
                let t = self.expr(test)?;
                let b = self.stmts(body)?;
                let o = self.stmts(orelse)?;
                changed!(t == test, b == body, o == orelse => StmtKind::If { test: t, body: b, orelse: o })
            }
            StmtKind::With(w) => self.with_stmt(w)?.map(StmtKind::With),
            StmtKind::AsyncWith(w) => self.with_stmt(w)?.map(StmtKind::AsyncWith),
            StmtKind::Raise { exc, cause } => {
                let e = self.opt_expr(exc)?;
                let c = self.opt_expr(cause)?;
                (!(opt_same(e, exc) && opt_same(c, cause))).then_some(StmtKind::Raise { exc: e, cause: c })
            }
            StmtKind::Try(t) => self.try_stmt(t)?.map(StmtKind::Try),
            StmtKind::TryStar(t) => self.try_stmt(t)?.map(StmtKind::TryStar),
            StmtKind::Assert { test, msg } => {
                let t = self.expr(test)?;
                let m = self.opt_expr(msg)?;
                (!(same(t, test) && opt_same(m, msg))).then_some(StmtKind::Assert { test: t, msg: m })
            }
            StmtKind::Expr { value } => {
                let v = self.expr(value)?;
                changed!(v == value => StmtKind::Expr { value: v })
            }
            StmtKind::Match { subject, cases } => {
                let sub = self.expr(subject)?;
                let cs = self.seq(cases, |f, c| f.match_case(c))?;
                changed!(sub == subject, cs == cases => StmtKind::Match { subject: sub, cases: cs })
            }
            StmtKind::Import { .. }
            | StmtKind::ImportFrom { .. }
            | StmtKind::Global { .. }
            | StmtKind::Nonlocal { .. }
            | StmtKind::Pass
            | StmtKind::Break
            | StmtKind::Continue => None,
        })
    }

    fn for_stmt(&mut self, fr: &'a For<'a>, is_async: bool) -> R<Option<&'a For<'a>>> {
        let target = self.expr(fr.target)?;
        let mut iter = self.expr(fr.iter)?;
        let body = self.stmts(fr.body)?;
        let orelse = self.stmts(fr.orelse)?;
        if !is_async {
            iter = self.fold_iter(iter);
        }
        Ok(if same(target, fr.target) && same(iter, fr.iter) && same(body, fr.body) && same(orelse, fr.orelse) {
            None
        } else {
            Some(self.alloc(For { target, iter, body, orelse, ..*fr }))
        })
    }

    fn with_stmt(&mut self, w: &'a With<'a>) -> R<Option<&'a With<'a>>> {
        let items = self.seq(w.items, |f, it| f.with_item(it))?;
        let body = self.stmts(w.body)?;
        Ok(if same(items, w.items) && same(body, w.body) { None } else { Some(self.alloc(With { items, body, ..*w })) })
    }

    fn with_item(&mut self, it: &'a WithItem<'a>) -> R<&'a WithItem<'a>> {
        let context_expr = self.expr(it.context_expr)?;
        let optional_vars = self.opt_expr(it.optional_vars)?;
        Ok(if same(context_expr, it.context_expr) && opt_same(optional_vars, it.optional_vars) {
            it
        } else {
            self.alloc(WithItem { context_expr, optional_vars })
        })
    }

    fn try_stmt(&mut self, t: &'a Try<'a>) -> R<Option<&'a Try<'a>>> {
        let body = self.stmts(t.body)?;
        let handlers = self.seq(t.handlers, |f, h| f.handler(h))?;
        let orelse = self.stmts(t.orelse)?;
        let finalbody = self.stmts(t.finalbody)?;
        Ok(
            if same(body, t.body)
                && same(handlers, t.handlers)
                && same(orelse, t.orelse)
                && same(finalbody, t.finalbody)
            {
                None
            } else {
                Some(self.alloc(Try { body, handlers, orelse, finalbody }))
            },
        )
    }

    fn handler(&mut self, h: &'a ExceptHandler<'a>) -> R<&'a ExceptHandler<'a>> {
        let type_ = self.opt_expr(h.type_)?;
        let body = self.stmts(h.body)?;
        Ok(if opt_same(type_, h.type_) && same(body, h.body) {
            h
        } else {
            self.alloc(ExceptHandler { type_, body, ..*h })
        })
    }

    fn match_case(&mut self, c: &'a MatchCase<'a>) -> R<&'a MatchCase<'a>> {
        let pattern = self.pattern(c.pattern)?;
        let guard = self.opt_expr(c.guard)?;
        let body = self.stmts(c.body)?;
        Ok(if same(pattern, c.pattern) && opt_same(guard, c.guard) && same(body, c.body) {
            c
        } else {
            self.alloc(MatchCase { pattern, guard, body })
        })
    }

    fn pattern(&mut self, p: &'a Pattern<'a>) -> R<&'a Pattern<'a>> {
        self.enter()?;
        let kind =
            match p.kind {
                PatternKind::MatchValue { value } => {
                    let v = self.expr(value)?;
                    (!same(v, value)).then_some(PatternKind::MatchValue { value: v })
                }
                PatternKind::MatchSingleton { .. } | PatternKind::MatchStar { .. } => None,
                PatternKind::MatchSequence { patterns } => {
                    let ps = self.patterns(patterns)?;
                    (!same(ps, patterns)).then_some(PatternKind::MatchSequence { patterns: ps })
                }
                PatternKind::MatchMapping { keys, patterns, rest } => {
                    let ks = self.exprs(keys)?;
                    let ps = self.patterns(patterns)?;
                    (!(same(ks, keys) && same(ps, patterns))).then_some(PatternKind::MatchMapping {
                        keys: ks,
                        patterns: ps,
                        rest,
                    })
                }
                PatternKind::MatchClass { cls, patterns, kwd_attrs, kwd_patterns } => {
                    let c = self.expr(cls)?;
                    let ps = self.patterns(patterns)?;
                    let kps = self.patterns(kwd_patterns)?;
                    (!(same(c, cls) && same(ps, patterns) && same(kps, kwd_patterns)))
                        .then_some(PatternKind::MatchClass { cls: c, patterns: ps, kwd_attrs, kwd_patterns: kps })
                }
                PatternKind::MatchAs { pattern, name } => {
                    let np = pattern.map(|q| self.pattern(q)).transpose()?;
                    (!opt_same(np, pattern)).then_some(PatternKind::MatchAs { pattern: np, name })
                }
                PatternKind::MatchOr { patterns } => {
                    let ps = self.patterns(patterns)?;
                    (!same(ps, patterns)).then_some(PatternKind::MatchOr { patterns: ps })
                }
            };
        self.depth -= 1;
        Ok(match kind {
            Some(kind) => self.alloc(Pattern { kind, loc: p.loc }),
            None => p,
        })
    }

    fn patterns(&mut self, ps: &'a [Pattern<'a>]) -> R<&'a [Pattern<'a>]> {
        self.seq(ps, |f, p| f.pattern(p))
    }

    fn keywords(&mut self, ks: &'a [Keyword<'a>]) -> R<&'a [Keyword<'a>]> {
        self.seq(ks, |f, k| {
            let value = f.expr(k.value)?;
            Ok(if same(value, k.value) { k } else { f.alloc(Keyword { value, ..*k }) })
        })
    }

    fn arg(&mut self, a: &'a Arg<'a>) -> R<&'a Arg<'a>> {
        let annotation = self.annotation(a.annotation)?;
        Ok(if opt_same(annotation, a.annotation) { a } else { self.alloc(Arg { annotation, ..*a }) })
    }

    fn arguments(&mut self, a: &'a Arguments<'a>) -> R<&'a Arguments<'a>> {
        let posonlyargs = self.seq(a.posonlyargs, |f, x| f.arg(x))?;
        let args = self.seq(a.args, |f, x| f.arg(x))?;
        let vararg = a.vararg.map(|x| self.arg(x)).transpose()?;
        let kwonlyargs = self.seq(a.kwonlyargs, |f, x| f.arg(x))?;
        let kw_defaults = self.opt_exprs(a.kw_defaults)?;
        let kwarg = a.kwarg.map(|x| self.arg(x)).transpose()?;
        let defaults = self.exprs(a.defaults)?;
        let unchanged = same(posonlyargs, a.posonlyargs)
            && same(args, a.args)
            && opt_same(vararg, a.vararg)
            && same(kwonlyargs, a.kwonlyargs)
            && same(kw_defaults, a.kw_defaults)
            && opt_same(kwarg, a.kwarg)
            && same(defaults, a.defaults);
        Ok(if unchanged {
            a
        } else {
            self.alloc(Arguments { posonlyargs, args, vararg, kwonlyargs, kw_defaults, kwarg, defaults })
        })
    }

    fn comprehensions(&mut self, gens: &'a [Comprehension<'a>]) -> R<&'a [Comprehension<'a>]> {
        self.seq(gens, |f, g| {
            let target = f.expr(g.target)?;
            let iter = f.expr(g.iter)?;
            let ifs = f.exprs(g.ifs)?;
            // Unlike `async for` statements, async comprehensions get the iterable rule too, as in CPython.
            let iter = f.fold_iter(iter);
            Ok(if same(target, g.target) && same(iter, g.iter) && same(ifs, g.ifs) {
                g
            } else {
                f.alloc(Comprehension { target, iter, ifs, is_async: g.is_async })
            })
        })
    }

    fn expr(&mut self, e: &'a Expr<'a>) -> R<&'a Expr<'a>> {
        self.enter()?;
        let new = self.expr_inner(e)?;
        self.depth -= 1;
        Ok(new)
    }

    /// Dispatches on the node kind. Each kind is handled in its own function so that the frame on the recursive
    /// path stays small: debug builds give every local of a function its own stack slot, and CPython allows 3000
    /// levels of nesting.
    fn expr_inner(&mut self, e: &'a Expr<'a>) -> R<&'a Expr<'a>> {
        match e.kind {
            ExprKind::BinOp { left, op, right } => self.binop(e, left, op, right),
            ExprKind::UnaryOp { op, operand } => self.unaryop(e, op, operand),
            ExprKind::Compare { left, ops, comparators } => self.compare(e, left, ops, comparators),
            ExprKind::Subscript { value, slice, ctx } => self.subscript(e, value, slice, ctx),
            ExprKind::Tuple { elts, ctx } => self.tuple(e, elts, ctx),
            ExprKind::Name { id, ctx } => Ok(self.name(e, id, ctx)),
            ExprKind::Constant { .. } => Ok(e),
            ExprKind::BoolOp { op, values } => self.one_list(e, values, |values| ExprKind::BoolOp { op, values }),
            ExprKind::Set { elts } => self.one_list(e, elts, |elts| ExprKind::Set { elts }),
            ExprKind::List { elts, ctx } => self.one_list(e, elts, |elts| ExprKind::List { elts, ctx }),
            ExprKind::JoinedStr { values } => self.one_list(e, values, |values| ExprKind::JoinedStr { values }),
            ExprKind::NamedExpr { target, value } => {
                self.one_child(e, value, |value| ExprKind::NamedExpr { target, value })
            }
            ExprKind::Await { value } => self.one_child(e, value, |value| ExprKind::Await { value }),
            ExprKind::YieldFrom { value } => self.one_child(e, value, |value| ExprKind::YieldFrom { value }),
            ExprKind::Attribute { value, attr, ctx } => {
                self.one_child(e, value, |value| ExprKind::Attribute { value, attr, ctx })
            }
            ExprKind::Starred { value, ctx } => self.one_child(e, value, |value| ExprKind::Starred { value, ctx }),
            ExprKind::Yield { value: None } => Ok(e),
            ExprKind::Yield { value: Some(value) } => {
                self.one_child(e, value, |value| ExprKind::Yield { value: Some(value) })
            }
            ExprKind::Lambda { .. }
            | ExprKind::IfExp { .. }
            | ExprKind::Dict { .. }
            | ExprKind::Call { .. }
            | ExprKind::FormattedValue { .. }
            | ExprKind::Slice { .. } => self.expr_compound(e),
            ExprKind::ListComp { .. }
            | ExprKind::SetComp { .. }
            | ExprKind::DictComp { .. }
            | ExprKind::GeneratorExp { .. } => self.expr_comprehension(e),
        }
    }

    /// `e` rebuilt with `kind` at its location.
    fn rebuilt(&self, e: &'a Expr<'a>, kind: ExprKind<'a>) -> &'a Expr<'a> {
        self.alloc(Expr { kind, loc: e.loc })
    }

    fn one_child(
        &mut self,
        e: &'a Expr<'a>,
        child: &'a Expr<'a>,
        kind: impl FnOnce(&'a Expr<'a>) -> ExprKind<'a>,
    ) -> R<&'a Expr<'a>> {
        let new = self.expr(child)?;
        Ok(if same(new, child) { e } else { self.rebuilt(e, kind(new)) })
    }

    fn one_list(
        &mut self,
        e: &'a Expr<'a>,
        items: &'a [Expr<'a>],
        kind: impl FnOnce(&'a [Expr<'a>]) -> ExprKind<'a>,
    ) -> R<&'a Expr<'a>> {
        let new = self.exprs(items)?;
        Ok(if same(new, items) { e } else { self.rebuilt(e, kind(new)) })
    }

    fn binop(&mut self, e: &'a Expr<'a>, left: &'a Expr<'a>, op: Operator, right: &'a Expr<'a>) -> R<&'a Expr<'a>> {
        let l = self.expr(left)?;
        let r = self.expr(right)?;
        let node = if same(l, left) && same(r, right) {
            e
        } else {
            self.rebuilt(e, ExprKind::BinOp { left: l, op, right: r })
        };
        Ok(self.fold_binop(node, l, op, r))
    }

    fn unaryop(&mut self, e: &'a Expr<'a>, op: UnaryOp, operand: &'a Expr<'a>) -> R<&'a Expr<'a>> {
        let o = self.expr(operand)?;
        let node = if same(o, operand) { e } else { self.rebuilt(e, ExprKind::UnaryOp { op, operand: o }) };
        Ok(self.fold_unaryop(node, op, o))
    }

    fn compare(
        &mut self,
        e: &'a Expr<'a>,
        left: &'a Expr<'a>,
        ops: &'a [CmpOp],
        comparators: &'a [Expr<'a>],
    ) -> R<&'a Expr<'a>> {
        let l = self.expr(left)?;
        let mut cs = self.exprs(comparators)?;
        // The right side of a final `in` / `not in` is an iterable position.
        if let (Some(CmpOp::In | CmpOp::NotIn), Some(last)) = (ops.last(), cs.last()) {
            let folded = self.fold_iter(last);
            if !same(folded, last) {
                let mut v = BVec::from_iter_in(cs.iter().copied(), self.arena);
                v.pop();
                v.push(*folded);
                cs = v.into_bump_slice();
            }
        }
        Ok(if same(l, left) && same(cs, comparators) {
            e
        } else {
            self.rebuilt(e, ExprKind::Compare { left: l, ops, comparators: cs })
        })
    }

    fn subscript(
        &mut self,
        e: &'a Expr<'a>,
        value: &'a Expr<'a>,
        slice: &'a Expr<'a>,
        ctx: ExprContext,
    ) -> R<&'a Expr<'a>> {
        let v = self.expr(value)?;
        let s = self.expr(slice)?;
        if self.cfg.subscript
            && ctx == ExprContext::Load
            && let (Some(cv), Some(ci)) = (constant_of(v), constant_of(s))
            && let Some(r) = operator::subscript(cv, ci, self.arena)
        {
            return Ok(self.make_const(r, e.loc));
        }
        Ok(if same(v, value) && same(s, slice) {
            e
        } else {
            self.rebuilt(e, ExprKind::Subscript { value: v, slice: s, ctx })
        })
    }

    fn tuple(&mut self, e: &'a Expr<'a>, elts: &'a [Expr<'a>], ctx: ExprContext) -> R<&'a Expr<'a>> {
        let el = self.exprs(elts)?;
        if self.cfg.tuple
            && ctx == ExprContext::Load
            && let Some(items) = self.const_tuple(el)
        {
            return Ok(self.make_const(Constant::Tuple(items), e.loc));
        }
        Ok(if same(el, elts) { e } else { self.rebuilt(e, ExprKind::Tuple { elts: el, ctx }) })
    }

    fn name(&self, e: &'a Expr<'a>, id: &str, ctx: ExprContext) -> &'a Expr<'a> {
        if self.cfg.debug_const && ctx == ExprContext::Load && id == "__debug__" {
            self.make_const(Constant::Bool(self.cfg.optimize == 0), e.loc)
        } else {
            e
        }
    }

    /// The kinds with several children and no rule of their own.
    fn expr_compound(&mut self, e: &'a Expr<'a>) -> R<&'a Expr<'a>> {
        Ok(match e.kind {
            ExprKind::Lambda { args, body } => {
                let a = self.arguments(args)?;
                let b = self.expr(body)?;
                if same(a, args) && same(b, body) { e } else { self.rebuilt(e, ExprKind::Lambda { args: a, body: b }) }
            }
            ExprKind::IfExp { test, body, orelse } => {
                let t = self.expr(test)?;
                let b = self.expr(body)?;
                let o = self.expr(orelse)?;
                if same(t, test) && same(b, body) && same(o, orelse) {
                    e
                } else {
                    self.rebuilt(e, ExprKind::IfExp { test: t, body: b, orelse: o })
                }
            }
            ExprKind::Dict { keys, values } => {
                let k = self.opt_exprs(keys)?;
                let v = self.exprs(values)?;
                if same(k, keys) && same(v, values) {
                    e
                } else {
                    self.rebuilt(e, ExprKind::Dict { keys: k, values: v })
                }
            }
            ExprKind::Call { func, args, keywords } => {
                let fu = self.expr(func)?;
                let a = self.exprs(args)?;
                let k = self.keywords(keywords)?;
                if same(fu, func) && same(a, args) && same(k, keywords) {
                    e
                } else {
                    self.rebuilt(e, ExprKind::Call { func: fu, args: a, keywords: k })
                }
            }
            ExprKind::FormattedValue { value, conversion, format_spec } => {
                let v = self.expr(value)?;
                let s = self.opt_expr(format_spec)?;
                if same(v, value) && opt_same(s, format_spec) {
                    e
                } else {
                    self.rebuilt(e, ExprKind::FormattedValue { value: v, conversion, format_spec: s })
                }
            }
            ExprKind::Slice { lower, upper, step } => {
                let lo = self.opt_expr(lower)?;
                let up = self.opt_expr(upper)?;
                let st = self.opt_expr(step)?;
                if opt_same(lo, lower) && opt_same(up, upper) && opt_same(st, step) {
                    e
                } else {
                    self.rebuilt(e, ExprKind::Slice { lower: lo, upper: up, step: st })
                }
            }
            _ => e,
        })
    }

    fn expr_comprehension(&mut self, e: &'a Expr<'a>) -> R<&'a Expr<'a>> {
        Ok(match e.kind {
            ExprKind::ListComp { elt, generators } => {
                let el = self.expr(elt)?;
                let g = self.comprehensions(generators)?;
                if same(el, elt) && same(g, generators) {
                    e
                } else {
                    self.rebuilt(e, ExprKind::ListComp { elt: el, generators: g })
                }
            }
            ExprKind::SetComp { elt, generators } => {
                let el = self.expr(elt)?;
                let g = self.comprehensions(generators)?;
                if same(el, elt) && same(g, generators) {
                    e
                } else {
                    self.rebuilt(e, ExprKind::SetComp { elt: el, generators: g })
                }
            }
            ExprKind::GeneratorExp { elt, generators } => {
                let el = self.expr(elt)?;
                let g = self.comprehensions(generators)?;
                if same(el, elt) && same(g, generators) {
                    e
                } else {
                    self.rebuilt(e, ExprKind::GeneratorExp { elt: el, generators: g })
                }
            }
            ExprKind::DictComp { key, value, generators } => {
                let k = self.expr(key)?;
                let v = self.expr(value)?;
                let g = self.comprehensions(generators)?;
                if same(k, key) && same(v, value) && same(g, generators) {
                    e
                } else {
                    self.rebuilt(e, ExprKind::DictComp { key: k, value: v, generators: g })
                }
            }
            _ => e,
        })
    }

    /// `make_const`: a constant node in place of the folded one, at its location, without a `u` kind.
    fn make_const(&self, value: Constant<'a>, loc: Loc) -> &'a Expr<'a> {
        self.alloc(Expr { kind: ExprKind::Constant { value, kind: None }, loc })
    }

    /// `make_const_tuple`: the values of a list of expressions that are all constants.
    fn const_tuple(&self, elts: &[Expr<'a>]) -> Option<&'a [Constant<'a>]> {
        // Check before allocating: the arena never gives memory back.
        if !elts.iter().all(|e| constant_of(e).is_some()) {
            return None;
        }
        let mut v = BVec::with_capacity_in(elts.len(), self.arena);
        v.extend(elts.iter().filter_map(|e| constant_of(e).copied()));
        Some(v.into_bump_slice())
    }

    fn fold_unaryop(&self, node: &'a Expr<'a>, op: UnaryOp, operand: &'a Expr<'a>) -> &'a Expr<'a> {
        match operand.kind {
            ExprKind::Constant { value, .. } if self.cfg.unary => match operator::unary(op, &value, self.arena) {
                Some(r) => self.make_const(r, node.loc),
                None => node,
            },
            ExprKind::Compare { left, ops: &[cmp], comparators } if self.cfg.not_compare && op == UnaryOp::Not => {
                let inverted = match cmp {
                    CmpOp::Is => CmpOp::IsNot,
                    CmpOp::IsNot => CmpOp::Is,
                    CmpOp::In => CmpOp::NotIn,
                    CmpOp::NotIn => CmpOp::In,
                    // `==`/`!=` may be defined in terms of each other, and `<` on sets is not a total order.
                    CmpOp::Eq | CmpOp::NotEq | CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE => return node,
                };
                // CPython copies the comparison over the `not` node, location included.
                let ops = std::slice::from_ref(self.alloc(inverted));
                self.alloc(Expr { kind: ExprKind::Compare { left, ops, comparators }, loc: operand.loc })
            }
            _ => node,
        }
    }

    fn fold_binop(&self, node: &'a Expr<'a>, l: &'a Expr<'a>, op: Operator, r: &'a Expr<'a>) -> &'a Expr<'a> {
        let Some(lv) = constant_of(l) else { return node };
        if op == Operator::Mod
            && let (Constant::Str(fmt), ExprKind::Tuple { elts, .. }) = (lv, &r.kind)
            && !elts.iter().any(|e| matches!(e.kind, ExprKind::Starred { .. }))
        {
            // CPython stops here whether or not the rewrite applies: the right side is not a constant anyway.
            if !self.cfg.percent_format {
                return node;
            }
            return match format::rewrite(fmt, elts, node.loc, self.arena) {
                Some(joined) => self.alloc(joined),
                None => node,
            };
        }
        let Some(rv) = constant_of(r) else { return node };
        if !self.cfg.binary {
            return node;
        }
        match operator::binary(op, lv, rv, self.arena) {
            Some(v) => self.make_const(v, node.loc),
            None => node,
        }
    }

    /// `fold_iter`: a list display without `*` becomes a tuple (a constant one if it can), a set display of
    /// constants a frozenset.
    fn fold_iter(&self, e: &'a Expr<'a>) -> &'a Expr<'a> {
        if !self.cfg.iterables {
            return e;
        }
        match e.kind {
            ExprKind::List { elts, ctx } => {
                if elts.iter().any(|x| matches!(x.kind, ExprKind::Starred { .. })) {
                    return e;
                }
                match self.const_tuple(elts) {
                    Some(items) => self.make_const(Constant::Tuple(items), e.loc),
                    None => self.alloc(Expr { kind: ExprKind::Tuple { elts, ctx }, loc: e.loc }),
                }
            }
            ExprKind::Set { elts } => match self.const_tuple(elts) {
                Some(items) => self.make_const(constant::frozenset(items, self.arena), e.loc),
                None => e,
            },
            _ => e,
        }
    }
}

fn opt_same<T>(a: Option<&T>, b: Option<&T>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => ptr::eq(x, y),
        (None, None) => true,
        _ => false,
    }
}
