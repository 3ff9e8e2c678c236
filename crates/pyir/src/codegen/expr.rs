//! Codegen for expressions: operators, conditions, collections, subscripts, f-strings, lambdas and comprehensions
//! (`compiler_visit_expr1` and its helpers).

use pyfront::ast::{self, BoolOp, CmpOp, Expr, ExprContext, ExprKind, Operator, UnaryOp};

use super::{Compiler, STACK_USE_GUIDELINE, UnitKind, constant_of};
use crate::code::Constant;
use crate::error::CompileError;
use crate::flowgraph::{BlockId, InstrOp, Pseudo};
use crate::opcode::Opcode;
use crate::symtable::BlockKind;

/// How a collection's items are gathered (`starunpack_helper`'s build/add/extend triple).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Collection {
    List,
    Tuple,
    Set,
}

/// The comprehension kinds (`COMP_*`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum CompKind {
    List,
    Set,
    Dict,
    Generator,
}

/// The `BINARY_OP` oparg of `op`: its index in CPython's `_nb_ops` (`opcode::NB_OPS`), plus 13 for the in-place form.
pub fn binary_oparg(op: Operator, inplace: bool) -> u32 {
    let base = match op {
        Operator::Add => 0,
        Operator::BitAnd => 1,
        Operator::FloorDiv => 2,
        Operator::LShift => 3,
        Operator::MatMult => 4,
        Operator::Mult => 5,
        Operator::Mod => 6,
        Operator::BitOr => 7,
        Operator::Pow => 8,
        Operator::RShift => 9,
        Operator::Sub => 10,
        Operator::Div => 11,
        Operator::BitXor => 12,
    };
    if inplace { base + 13 } else { base }
}

/// The items of a constant set display, as the set holds them: the first of each group of equal items, in source
/// order (`{True, 1, 1.0}` holds `True` alone).
fn frozenset_items(items: Vec<Constant>) -> Vec<Constant> {
    let mut out: Vec<Constant> = Vec::with_capacity(items.len());
    for c in items {
        if !out.iter().any(|seen| crate::repr::hash::const_eq(seen, &c)) {
            out.push(c);
        }
    }
    out
}

fn is_const(e: &Expr<'_>) -> bool {
    matches!(e.kind, ExprKind::Constant { .. })
}

fn is_starred(e: &Expr<'_>) -> bool {
    matches!(e.kind, ExprKind::Starred { .. })
}

impl Compiler<'_, '_, '_> {
    /// `compiler_visit_expr`: sets the location to the node for its own instructions, and restores it after.
    pub(crate) fn visit_expr(&mut self, e: &Expr<'_>) -> Result<(), CompileError> {
        let saved = self.loc();
        self.set_loc(e.loc);
        let r = self.visit_expr1(e);
        self.restore_loc(saved);
        r
    }

    pub(crate) fn binary_op(&mut self, op: Operator, inplace: bool) {
        self.op_i(Opcode::BinaryOp, binary_oparg(op, inplace));
    }

    fn visit_expr1(&mut self, e: &Expr<'_>) -> Result<(), CompileError> {
        match &e.kind {
            ExprKind::NamedExpr { target, value } => {
                self.visit_expr(value)?;
                self.op_i(Opcode::Copy, 1);
                self.visit_expr(target)?;
            }
            ExprKind::BoolOp { op, values } => self.boolop(*op, values)?,
            ExprKind::BinOp { left, op, right } => {
                self.visit_expr(left)?;
                self.visit_expr(right)?;
                self.binary_op(*op, false);
            }
            ExprKind::UnaryOp { op, operand } => {
                self.visit_expr(operand)?;
                self.op(match op {
                    UnaryOp::Invert => Opcode::UnaryInvert,
                    UnaryOp::Not => Opcode::UnaryNot,
                    UnaryOp::UAdd => Opcode::UnaryPositive,
                    UnaryOp::USub => Opcode::UnaryNegative,
                });
            }
            ExprKind::Lambda { args, body } => self.lambda(e, args, body)?,
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_block();
                let next = self.new_block();
                self.jump_if(test, next, false)?;
                self.visit_expr(body)?;
                self.jump_noline(InstrOp::Pseudo(Pseudo::Jump), end);
                self.use_next_block(next);
                self.visit_expr(orelse)?;
                self.use_next_block(end);
            }
            ExprKind::Dict { keys, values } => self.dict(keys, values)?,
            ExprKind::Set { elts } => self.starunpack(elts, 0, Collection::Set)?,
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, CompKind::List, "<listcomp>", generators, elt, None)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, CompKind::Set, "<setcomp>", generators, elt, None)?
            }
            ExprKind::DictComp { key, value, generators } => {
                self.comprehension(e, CompKind::Dict, "<dictcomp>", generators, key, Some(value))?
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, CompKind::Generator, "<genexpr>", generators, elt, None)?
            }
            ExprKind::Yield { value } => {
                if self.scope_kind() != BlockKind::Function {
                    return Err(self.error("'yield' outside function"));
                }
                match value {
                    Some(v) => self.visit_expr(v)?,
                    None => self.load_const(Constant::None),
                }
                self.op_yield();
            }
            ExprKind::YieldFrom { value } => {
                if self.scope_kind() != BlockKind::Function {
                    return Err(self.error("'yield' outside function"));
                }
                if self.ur().kind == UnitKind::AsyncFunction {
                    return Err(self.error("'yield from' inside async function"));
                }
                self.visit_expr(value)?;
                self.op(Opcode::GetYieldFromIter);
                self.load_const(Constant::None);
                self.add_yield_from(false);
            }
            ExprKind::Await { value } => {
                if self.scope_kind() != BlockKind::Function {
                    return Err(self.error("'await' outside function"));
                }
                if !matches!(self.ur().kind, UnitKind::AsyncFunction | UnitKind::Comprehension) {
                    return Err(self.error("'await' outside async function"));
                }
                self.visit_expr(value)?;
                self.op_i(Opcode::GetAwaitable, 0);
                self.load_const(Constant::None);
                self.add_yield_from(true);
            }
            ExprKind::Compare { left, ops, comparators } => self.compare(left, ops, comparators)?,
            ExprKind::Call { func, args, keywords } => self.call(e, func, args, keywords)?,
            ExprKind::Constant { value, .. } => self.load_const(constant_of(value)),
            ExprKind::JoinedStr { values } => self.joined_str(values)?,
            ExprKind::FormattedValue { value, conversion, format_spec } => {
                self.visit_expr(value)?;
                let mut oparg = match conversion {
                    ast::Conversion::None => 0,
                    ast::Conversion::Str => 1,
                    ast::Conversion::Repr => 2,
                    ast::Conversion::Ascii => 3,
                };
                if let Some(spec) = format_spec {
                    self.visit_expr(spec)?;
                    oparg |= 4;
                }
                self.op_i(Opcode::FormatValue, oparg);
            }
            ExprKind::Attribute { value, attr, ctx } => {
                self.visit_expr(value)?;
                self.update_start_location_to_match_attr(e);
                match ctx {
                    ExprContext::Load => self.op_name(Opcode::LoadAttr, attr),
                    ExprContext::Store => {
                        if *attr == "__debug__" {
                            return Err(self.error("cannot assign to __debug__"));
                        }
                        self.op_name(Opcode::StoreAttr, attr)
                    }
                    ExprContext::Del => self.op_name(Opcode::DeleteAttr, attr),
                }
            }
            ExprKind::Subscript { value, slice, ctx } => {
                self.visit_expr(value)?;
                self.visit_expr(slice)?;
                self.op(match ctx {
                    ExprContext::Load => Opcode::BinarySubscr,
                    ExprContext::Store => Opcode::StoreSubscr,
                    ExprContext::Del => Opcode::DeleteSubscr,
                });
            }
            ExprKind::Starred { ctx, .. } => {
                return Err(self.error(if *ctx == ExprContext::Store {
                    "starred assignment target must be in a list or tuple"
                } else {
                    "can't use starred expression here"
                }));
            }
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper] {
                    match part {
                        Some(p) => self.visit_expr(p)?,
                        None => self.load_const(Constant::None),
                    }
                }
                let mut n = 2;
                if let Some(s) = step {
                    n += 1;
                    self.visit_expr(s)?;
                }
                self.op_i(Opcode::BuildSlice, n);
            }
            ExprKind::Name { id, ctx } => self.nameop(id, *ctx)?,
            ExprKind::List { elts, ctx } => match ctx {
                ExprContext::Store => self.assignment_helper(elts)?,
                ExprContext::Load => self.starunpack(elts, 0, Collection::List)?,
                ExprContext::Del => {
                    for x in elts.iter() {
                        self.visit_expr(x)?;
                    }
                }
            },
            ExprKind::Tuple { elts, ctx } => match ctx {
                ExprContext::Store => self.assignment_helper(elts)?,
                ExprContext::Load => self.starunpack(elts, 0, Collection::Tuple)?,
                ExprContext::Del => {
                    for x in elts.iter() {
                        self.visit_expr(x)?;
                    }
                }
            },
        }
        Ok(())
    }

    /// `compiler_boolop`: `and`/`or` as a value.
    fn boolop(&mut self, op: BoolOp, values: &[Expr<'_>]) -> Result<(), CompileError> {
        let jumpi = if op == BoolOp::And { Opcode::JumpIfFalseOrPop } else { Opcode::JumpIfTrueOrPop };
        let end = self.new_block();
        let (last, init) = values.split_last().ok_or_else(|| CompileError::system("empty BoolOp"))?;
        for v in init {
            self.visit_expr(v)?;
            self.jump(InstrOp::Real(jumpi), end);
            let next = self.new_block();
            self.use_next_block(next);
        }
        self.visit_expr(last)?;
        self.use_next_block(end);
        Ok(())
    }

    fn addcompare(&mut self, op: CmpOp) {
        let (opcode, arg) = match op {
            CmpOp::Lt => (Opcode::CompareOp, 0),
            CmpOp::LtE => (Opcode::CompareOp, 1),
            CmpOp::Eq => (Opcode::CompareOp, 2),
            CmpOp::NotEq => (Opcode::CompareOp, 3),
            CmpOp::Gt => (Opcode::CompareOp, 4),
            CmpOp::GtE => (Opcode::CompareOp, 5),
            CmpOp::Is => (Opcode::IsOp, 0),
            CmpOp::IsNot => (Opcode::IsOp, 1),
            CmpOp::In => (Opcode::ContainsOp, 0),
            CmpOp::NotIn => (Opcode::ContainsOp, 1),
        };
        self.op_i(opcode, arg);
    }

    /// `compiler_compare`: a comparison (possibly chained) as a value.
    fn compare(&mut self, left: &Expr<'_>, ops: &[CmpOp], comparators: &[Expr<'_>]) -> Result<(), CompileError> {
        self.visit_expr(left)?;
        let n = ops.len().saturating_sub(1);
        if n == 0 {
            let (Some(c), Some(op)) = (comparators.first(), ops.first()) else {
                return Err(CompileError::system("empty Compare"));
            };
            self.visit_expr(c)?;
            self.addcompare(*op);
            return Ok(());
        }
        let cleanup = self.new_block();
        for i in 0..n {
            self.visit_expr(&comparators[i])?;
            self.op_i(Opcode::Swap, 2);
            self.op_i(Opcode::Copy, 2);
            self.addcompare(ops[i]);
            self.jump(InstrOp::Real(Opcode::JumpIfFalseOrPop), cleanup);
        }
        self.visit_expr(&comparators[n])?;
        self.addcompare(ops[n]);
        let end = self.new_block();
        self.jump_noline(InstrOp::Pseudo(Pseudo::Jump), end);
        self.use_next_block(cleanup);
        self.op_i(Opcode::Swap, 2);
        self.op(Opcode::PopTop);
        self.use_next_block(end);
        Ok(())
    }

    /// `compiler_jump_if`: jumps to `next` when the truth of `e` equals `cond`, without materializing the value
    /// where the shape of `e` allows it.
    pub(crate) fn jump_if(&mut self, e: &Expr<'_>, next: BlockId, cond: bool) -> Result<(), CompileError> {
        match &e.kind {
            ExprKind::UnaryOp { op: UnaryOp::Not, operand } => return self.jump_if(operand, next, !cond),
            ExprKind::BoolOp { op, values } => {
                let cond2 = *op == BoolOp::Or;
                let next2 = if cond2 != cond { self.new_block() } else { next };
                let (last, init) = values.split_last().ok_or_else(|| CompileError::system("empty BoolOp"))?;
                for v in init {
                    self.jump_if(v, next2, cond2)?;
                }
                self.jump_if(last, next, cond)?;
                if next2 != next {
                    self.use_next_block(next2);
                }
                return Ok(());
            }
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_block();
                let next2 = self.new_block();
                self.jump_if(test, next2, false)?;
                self.jump_if(body, next, cond)?;
                self.jump_noline(InstrOp::Pseudo(Pseudo::Jump), end);
                self.use_next_block(next2);
                self.jump_if(orelse, next, cond)?;
                self.use_next_block(end);
                return Ok(());
            }
            // CPython sets the location to the comparison before testing whether it is chained, so even a simple
            // comparison's jump (and what follows in the statement) carries the comparison's span.
            ExprKind::Compare { .. } => self.set_loc(e.loc),
            _ => {}
        }
        match &e.kind {
            ExprKind::Compare { left, ops, comparators } if ops.len() > 1 => {
                let n = ops.len() - 1;
                let cleanup = self.new_block();
                self.visit_expr(left)?;
                for i in 0..n {
                    self.visit_expr(&comparators[i])?;
                    self.op_i(Opcode::Swap, 2);
                    self.op_i(Opcode::Copy, 2);
                    self.addcompare(ops[i]);
                    self.jump(InstrOp::Pseudo(Pseudo::PopJumpIfFalse), cleanup);
                }
                self.visit_expr(&comparators[n])?;
                self.addcompare(ops[n]);
                self.jump(
                    if cond { InstrOp::Pseudo(Pseudo::PopJumpIfTrue) } else { InstrOp::Pseudo(Pseudo::PopJumpIfFalse) },
                    next,
                );
                let end = self.new_block();
                self.jump_noline(InstrOp::Pseudo(Pseudo::Jump), end);
                self.use_next_block(cleanup);
                self.op(Opcode::PopTop);
                if !cond {
                    self.jump_noline(InstrOp::Pseudo(Pseudo::Jump), next);
                }
                self.use_next_block(end);
                return Ok(());
            }
            _ => {}
        }
        self.visit_expr(e)?;
        self.jump(
            if cond { InstrOp::Pseudo(Pseudo::PopJumpIfTrue) } else { InstrOp::Pseudo(Pseudo::PopJumpIfFalse) },
            next,
        );
        Ok(())
    }

    /// `starunpack_helper`: builds a list, tuple or set from `elts` on top of `pushed` items already on the stack.
    pub(crate) fn starunpack(&mut self, elts: &[Expr<'_>], pushed: u32, kind: Collection) -> Result<(), CompileError> {
        let (build, add, extend) = match kind {
            Collection::List | Collection::Tuple => (Opcode::BuildList, Opcode::ListAppend, Opcode::ListExtend),
            Collection::Set => (Opcode::BuildSet, Opcode::SetAdd, Opcode::SetUpdate),
        };
        let tuple = kind == Collection::Tuple;
        let n = elts.len();
        if n > 2 && elts.iter().all(is_const) {
            let items: Vec<Constant> = elts
                .iter()
                .map(|e| match &e.kind {
                    ExprKind::Constant { value, .. } => constant_of(value),
                    _ => Constant::None,
                })
                .collect();
            if tuple && pushed == 0 {
                self.load_const(Constant::Tuple(items.into()));
            } else {
                let folded = if kind == Collection::Set {
                    Constant::FrozenSet(frozenset_items(items).into())
                } else {
                    Constant::Tuple(items.into())
                };
                self.op_i(build, pushed);
                self.load_const(folded);
                self.op_i(extend, 1);
                if tuple {
                    self.op(Opcode::ListToTuple);
                }
            }
            return Ok(());
        }
        let big = n + pushed as usize > STACK_USE_GUIDELINE;
        let seen_star = elts.iter().any(is_starred);
        if !seen_star && !big {
            for e in elts {
                self.visit_expr(e)?;
            }
            let op = if tuple { Opcode::BuildTuple } else { build };
            self.op_i(op, n as u32 + pushed);
            return Ok(());
        }
        let mut sequence_built = false;
        if big {
            self.op_i(build, pushed);
            sequence_built = true;
        }
        for (i, e) in elts.iter().enumerate() {
            if let ExprKind::Starred { value, .. } = &e.kind {
                if !sequence_built {
                    self.op_i(build, i as u32 + pushed);
                    sequence_built = true;
                }
                self.visit_expr(value)?;
                self.op_i(extend, 1);
            } else {
                self.visit_expr(e)?;
                if sequence_built {
                    self.op_i(add, 1);
                }
            }
        }
        if tuple {
            self.op(Opcode::ListToTuple);
        }
        Ok(())
    }

    /// `assignment_helper`: unpacks the value on the stack into the targets `elts`.
    fn assignment_helper(&mut self, elts: &[Expr<'_>]) -> Result<(), CompileError> {
        let n = elts.len();
        let mut seen_star = false;
        for (i, e) in elts.iter().enumerate() {
            if is_starred(e) {
                if seen_star {
                    return Err(self.error("multiple starred expressions in assignment"));
                }
                if i >= 1 << 8 || n - i > (i32::MAX >> 8) as usize {
                    return Err(self.error("too many expressions in star-unpacking assignment"));
                }
                self.op_i(Opcode::UnpackEx, (i + ((n - i - 1) << 8)) as u32);
                seen_star = true;
            }
        }
        if !seen_star {
            self.op_i(Opcode::UnpackSequence, n as u32);
        }
        for e in elts {
            match &e.kind {
                ExprKind::Starred { value, .. } => self.visit_expr(value)?,
                _ => self.visit_expr(e)?,
            }
        }
        Ok(())
    }

    /// `compiler_subdict`: one chunk of a dict display, pairs `begin..end`.
    fn subdict(
        &mut self,
        keys: &[Option<Expr<'_>>],
        values: &[Expr<'_>],
        begin: usize,
        end: usize,
    ) -> Result<(), CompileError> {
        let n = end - begin;
        let big = n * 2 > STACK_USE_GUIDELINE;
        let const_keys = keys[begin..end].iter().all(|k| k.as_ref().is_some_and(is_const));
        if n > 1 && !big && const_keys {
            for v in &values[begin..end] {
                self.visit_expr(v)?;
            }
            let ks: Vec<Constant> = keys[begin..end]
                .iter()
                .map(|k| match k.as_ref().map(|k| &k.kind) {
                    Some(ExprKind::Constant { value, .. }) => constant_of(value),
                    _ => Constant::None,
                })
                .collect();
            self.load_const(Constant::Tuple(ks.into()));
            self.op_i(Opcode::BuildConstKeyMap, n as u32);
            return Ok(());
        }
        if big {
            self.op_i(Opcode::BuildMap, 0);
        }
        for i in begin..end {
            if let Some(k) = &keys[i] {
                self.visit_expr(k)?;
            }
            self.visit_expr(&values[i])?;
            if big {
                self.op_i(Opcode::MapAdd, 1);
            }
        }
        if !big {
            self.op_i(Opcode::BuildMap, n as u32);
        }
        Ok(())
    }

    /// `compiler_dict`: chunks of pairs and `**` merges.
    fn dict(&mut self, keys: &[Option<Expr<'_>>], values: &[Expr<'_>]) -> Result<(), CompileError> {
        let n = values.len();
        let mut have_dict = false;
        let mut elements = 0;
        for i in 0..n {
            if keys[i].is_none() {
                if elements > 0 {
                    self.subdict(keys, values, i - elements, i)?;
                    if have_dict {
                        self.op_i(Opcode::DictUpdate, 1);
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.op_i(Opcode::BuildMap, 0);
                    have_dict = true;
                }
                self.visit_expr(&values[i])?;
                self.op_i(Opcode::DictUpdate, 1);
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.subdict(keys, values, i - elements, i + 1)?;
                if have_dict {
                    self.op_i(Opcode::DictUpdate, 1);
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.subdict(keys, values, n - elements, n)?;
            if have_dict {
                self.op_i(Opcode::DictUpdate, 1);
            }
            have_dict = true;
        }
        if !have_dict {
            self.op_i(Opcode::BuildMap, 0);
        }
        Ok(())
    }

    /// `compiler_joined_str`.
    fn joined_str(&mut self, values: &[Expr<'_>]) -> Result<(), CompileError> {
        if values.len() > STACK_USE_GUIDELINE {
            self.load_const(Constant::str(""));
            self.op_name(Opcode::LoadMethod, "join");
            self.op_i(Opcode::BuildList, 0);
            for v in values {
                self.visit_expr(v)?;
                self.op_i(Opcode::ListAppend, 1);
            }
            self.op_i(Opcode::Precall, 1);
            self.op_i(Opcode::Call, 1);
        } else {
            for v in values {
                self.visit_expr(v)?;
            }
            if values.len() != 1 {
                self.op_i(Opcode::BuildString, values.len() as u32);
            }
        }
        Ok(())
    }

    /// `compiler_lambda`.
    fn lambda(&mut self, e: &Expr<'_>, args: &ast::Arguments<'_>, body: &Expr<'_>) -> Result<(), CompileError> {
        self.check_debug_args(args)?;
        let fflags = self.default_arguments(args)?;
        self.enter_scope("<lambda>", UnitKind::Lambda, e, e.loc.lineno)?;
        // None first, so a lambda never has a docstring.
        self.add_const(Constant::None);
        {
            let u = self.u();
            u.argcount = args.args.len() as u32;
            u.posonlyargcount = args.posonlyargs.len() as u32;
            u.kwonlyargcount = args.kwonlyargs.len() as u32;
        }
        if let Err(err) = self.visit_expr(body) {
            self.units.pop();
            return Err(err);
        }
        if !self.st.scope(self.ur().scope).generator {
            self.op(Opcode::ReturnValue);
        }
        let co = self.finish_unit()?;
        self.make_closure(co, fflags)
    }

    /// `compiler_comprehension`: a nested function called at once with the outermost iterator.
    fn comprehension(
        &mut self,
        e: &Expr<'_>,
        kind: CompKind,
        name: &str,
        generators: &[ast::Comprehension<'_>],
        elt: &Expr<'_>,
        val: Option<&Expr<'_>>,
    ) -> Result<(), CompileError> {
        let outermost = generators.first().ok_or_else(|| CompileError::system("comprehension without generators"))?;
        let outer_kind = self.ur().kind;
        self.enter_scope(name, UnitKind::Comprehension, e, e.loc.lineno)?;
        self.set_loc(e.loc);
        let is_async_generator = self.st.scope(self.ur().scope).coroutine;
        if is_async_generator
            && kind != CompKind::Generator
            && !matches!(outer_kind, UnitKind::AsyncFunction | UnitKind::Comprehension)
        {
            let err = self.error("asynchronous comprehension outside of an asynchronous function");
            self.units.pop();
            return Err(err);
        }
        let r = (|| {
            match kind {
                CompKind::List => self.op_i(Opcode::BuildList, 0),
                CompKind::Set => self.op_i(Opcode::BuildSet, 0),
                CompKind::Dict => self.op_i(Opcode::BuildMap, 0),
                CompKind::Generator => {}
            }
            self.comprehension_generator(generators, 0, 0, elt, val, kind)?;
            if kind != CompKind::Generator {
                self.op(Opcode::ReturnValue);
            }
            Ok(())
        })();
        if let Err(err) = r {
            self.units.pop();
            return Err(err);
        }
        let co = self.finish_unit()?;
        self.make_closure(co, 0)?;
        self.visit_expr(outermost.iter)?;
        self.op(if outermost.is_async { Opcode::GetAiter } else { Opcode::GetIter });
        self.op_i(Opcode::Precall, 0);
        self.op_i(Opcode::Call, 0);
        if is_async_generator && kind != CompKind::Generator {
            self.op_i(Opcode::GetAwaitable, 0);
            self.load_const(Constant::None);
            self.add_yield_from(true);
        }
        Ok(())
    }

    /// `compiler_comprehension_generator`.
    fn comprehension_generator(
        &mut self,
        generators: &[ast::Comprehension<'_>],
        gen_index: usize,
        depth: u32,
        elt: &Expr<'_>,
        val: Option<&Expr<'_>>,
        kind: CompKind,
    ) -> Result<(), CompileError> {
        if generators[gen_index].is_async {
            self.async_comprehension_generator(generators, gen_index, depth, elt, val, kind)
        } else {
            self.sync_comprehension_generator(generators, gen_index, depth, elt, val, kind)
        }
    }

    /// The innermost element of a comprehension: yield, append or add it.
    fn comprehension_element(
        &mut self,
        elt: &Expr<'_>,
        val: Option<&Expr<'_>>,
        kind: CompKind,
        depth: u32,
    ) -> Result<(), CompileError> {
        self.visit_expr(elt)?;
        match kind {
            CompKind::List => self.op_i(Opcode::ListAppend, depth + 1),
            CompKind::Set => self.op_i(Opcode::SetAdd, depth + 1),
            CompKind::Dict => {
                if let Some(v) = val {
                    self.visit_expr(v)?;
                }
                self.op_i(Opcode::MapAdd, depth + 1);
            }
            CompKind::Generator => {
                self.op_yield();
                self.op(Opcode::PopTop);
            }
        }
        Ok(())
    }

    /// `compiler_async_comprehension_generator`: `__anext__` awaited under a handler that ends the loop.
    fn async_comprehension_generator(
        &mut self,
        generators: &[ast::Comprehension<'_>],
        gen_index: usize,
        mut depth: u32,
        elt: &Expr<'_>,
        val: Option<&Expr<'_>>,
        kind: CompKind,
    ) -> Result<(), CompileError> {
        let start = self.new_block();
        let except = self.new_block();
        let if_cleanup = self.new_block();
        let g = &generators[gen_index];
        if gen_index == 0 {
            self.u().argcount = 1;
            self.op_i(Opcode::LoadFast, 0);
        } else {
            self.visit_expr(g.iter)?;
            self.op(Opcode::GetAiter);
        }
        self.use_next_block(start);
        self.push_fblock(super::FBlock::AsyncComprehensionGenerator)?;
        self.jump(InstrOp::Pseudo(Pseudo::SetupFinally), except);
        self.op(Opcode::GetAnext);
        self.load_const(Constant::None);
        self.add_yield_from(true);
        self.pseudo(Pseudo::PopBlock);
        self.visit_expr(g.target)?;
        for cond in g.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        depth += 1;
        if gen_index + 1 < generators.len() {
            self.comprehension_generator(generators, gen_index + 1, depth, elt, val, kind)?;
        } else {
            self.comprehension_element(elt, val, kind, depth)?;
        }
        self.use_next_block(if_cleanup);
        self.jump(InstrOp::Pseudo(Pseudo::Jump), start);
        self.pop_fblock();
        self.use_next_block(except);
        self.op(Opcode::EndAsyncFor);
        Ok(())
    }

    /// `compiler_sync_comprehension_generator`.
    fn sync_comprehension_generator(
        &mut self,
        generators: &[ast::Comprehension<'_>],
        gen_index: usize,
        mut depth: u32,
        elt: &Expr<'_>,
        val: Option<&Expr<'_>>,
        kind: CompKind,
    ) -> Result<(), CompileError> {
        let mut start = Some(self.new_block());
        let if_cleanup = self.new_block();
        let anchor = self.new_block();
        let g = &generators[gen_index];
        if gen_index == 0 {
            // The outermost iterator arrives as the implicit argument `.0`.
            self.u().argcount = 1;
            self.op_i(Opcode::LoadFast, 0);
        } else {
            // `for y in [e]` (one non-starred item) binds y to e without a loop.
            let elts: &[Expr<'_>] = match &g.iter.kind {
                ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => elts,
                _ => &[],
            };
            if let [single] = elts
                && !is_starred(single)
            {
                self.visit_expr(single)?;
                start = None;
            }
            if start.is_some() {
                self.visit_expr(g.iter)?;
                self.op(Opcode::GetIter);
            }
        }
        if let Some(start) = start {
            depth += 1;
            self.use_next_block(start);
            self.jump(InstrOp::Real(Opcode::ForIter), anchor);
        }
        self.visit_expr(g.target)?;
        for cond in g.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        if gen_index + 1 < generators.len() {
            self.comprehension_generator(generators, gen_index + 1, depth, elt, val, kind)?;
        } else {
            self.comprehension_element(elt, val, kind, depth)?;
        }
        self.use_next_block(if_cleanup);
        if let Some(start) = start {
            self.jump(InstrOp::Pseudo(Pseudo::Jump), start);
            self.use_next_block(anchor);
        }
        Ok(())
    }

    /// `addop_yield`: async generators wrap the value first.
    pub(crate) fn op_yield(&mut self) {
        let ste = self.st.scope(self.ur().scope);
        if ste.generator && ste.coroutine {
            self.op(Opcode::AsyncGenWrap);
        }
        self.op(Opcode::YieldValue);
        self.op_i(Opcode::Resume, 1);
    }

    /// `compiler_add_yield_from`: the SEND loop that delegates to the iterator (or awaitable) on the stack.
    pub(crate) fn add_yield_from(&mut self, is_await: bool) {
        let start = self.new_block();
        let resume = self.new_block();
        let exit = self.new_block();
        self.use_next_block(start);
        self.jump(InstrOp::Real(Opcode::Send), exit);
        self.use_next_block(resume);
        self.op(Opcode::YieldValue);
        self.op_i(Opcode::Resume, if is_await { 3 } else { 2 });
        self.jump(InstrOp::Pseudo(Pseudo::JumpNoInterrupt), start);
        self.use_next_block(exit);
    }
}
