//! Codegen for the `match` statement and its patterns (PEP 634; CPython 3.11's `compiler_match` and the
//! `compiler_pattern_*` family).
//!
//! Every pattern routine consumes the subject on top of the stack and, on failure, jumps to the `fail_pop` block
//! that pops exactly what is left above the case's subject copy. Captured values are not stored as soon as they
//! are matched: they are rotated underneath the items still in use, and only stored once the whole pattern has
//! matched, so a failing pattern binds nothing.

use pyfront::ast::{self, ExprContext, ExprKind, MatchCase, Operator, Pattern, PatternKind};

use super::{Compiler, constant_of};
use crate::code::Constant;
use crate::error::CompileError;
use crate::flowgraph::{BlockId, InstrOp, Pseudo};
use crate::opcode::Opcode;
use crate::repr::{const_repr, hash::const_eq, str_repr};

/// `pattern_context`: the state threaded through the compilation of one case's pattern.
#[derive(Default)]
struct PatternContext<'a> {
    /// The names captured so far, in the order their values sit on the stack (`stores`).
    stores: Vec<&'a str>,
    /// Whether an irrefutable pattern is allowed here (`allow_irrefutable`).
    allow_irrefutable: bool,
    /// `fail_pop[n]` pops n items and falls through to `fail_pop[n - 1]`; `fail_pop[0]` is the case's failure exit.
    fail_pop: Vec<BlockId>,
    /// How many items above the subject must be popped on failure (`on_top`).
    on_top: usize,
}

/// `WILDCARD_CHECK`: a bare `_`.
fn is_wildcard(p: &Pattern<'_>) -> bool {
    matches!(p.kind, PatternKind::MatchAs { pattern: None, name: None })
}

/// `WILDCARD_STAR_CHECK`: a bare `*_`.
fn is_wildcard_star(p: &Pattern<'_>) -> bool {
    matches!(p.kind, PatternKind::MatchStar { name: None })
}

const JUMP: InstrOp = InstrOp::Pseudo(Pseudo::Jump);
const POP_JUMP_IF_FALSE: InstrOp = InstrOp::Pseudo(Pseudo::PopJumpIfFalse);

impl<'a> Compiler<'_, '_, 'a> {
    /// `compiler_match`.
    pub(crate) fn match_stmt(
        &mut self,
        subject: &ast::Expr<'_>,
        cases: &'a [MatchCase<'a>],
    ) -> Result<(), CompileError> {
        self.visit_expr(subject)?;
        let end = self.new_block();
        let Some(last) = cases.last() else { return Err(CompileError::system("match statement without cases")) };
        let has_default = usize::from(is_wildcard(last.pattern) && cases.len() > 1);
        let mut pc = PatternContext::default();
        let n = cases.len() - has_default;
        for (i, m) in cases[..n].iter().enumerate() {
            self.set_loc(m.pattern.loc);
            // The last case tested consumes the subject itself; the others work on a copy.
            if i != n - 1 {
                self.op_i(Opcode::Copy, 1);
            }
            pc.stores.clear();
            // An irrefutable case must be guarded, last, or both.
            pc.allow_irrefutable = m.guard.is_some() || i == cases.len() - 1;
            pc.fail_pop.clear();
            pc.on_top = 0;
            self.pattern(m.pattern, &mut pc)?;
            // It matched: store the captured values, which are on the stack in `stores` order.
            for name in std::mem::take(&mut pc.stores) {
                self.nameop(name, ExprContext::Store)?;
            }
            if let Some(guard) = m.guard {
                self.ensure_fail_pop(&mut pc, 0);
                self.jump_if(guard, pc.fail_pop[0], false)?;
            }
            if i != n - 1 {
                self.op(Opcode::PopTop);
            }
            self.visit_stmts(m.body)?;
            // 3.11.7 (unlike 3.11.2's source) gives this jump no line, so it threads like an `if` body's.
            self.jump_noline(JUMP, end);
            // The cleanup of a failed pattern belongs to the pattern's line, not to the body's last line.
            self.set_loc(m.pattern.loc);
            self.emit_and_reset_fail_pop(&mut pc);
        }
        if has_default == 1 {
            // A trailing `case _:` needs no copy of the subject, nor any cleanup.
            self.set_loc(last.pattern.loc);
            if cases.len() == 1 {
                self.op(Opcode::PopTop);
            } else {
                // The NOP gives the default case its line in coverage.
                self.op(Opcode::Nop);
            }
            if let Some(guard) = last.guard {
                self.jump_if(guard, end, false)?;
            }
            self.visit_stmts(last.body)?;
        }
        self.use_next_block(end);
        Ok(())
    }

    /// `ensure_fail_pop`: makes sure `fail_pop[n]` exists.
    fn ensure_fail_pop(&mut self, pc: &mut PatternContext<'a>, n: usize) {
        while pc.fail_pop.len() < n + 1 {
            let b = self.new_block();
            pc.fail_pop.push(b);
        }
    }

    /// `jump_to_fail_pop`: on failure, pop everything above the subject copy, captures included.
    fn jump_to_fail_pop(&mut self, pc: &mut PatternContext<'a>, op: InstrOp) {
        let pops = pc.on_top + pc.stores.len();
        self.ensure_fail_pop(pc, pops);
        self.jump(op, pc.fail_pop[pops]);
    }

    /// `emit_and_reset_fail_pop`: lays out the chain of POP_TOP blocks, deepest first.
    fn emit_and_reset_fail_pop(&mut self, pc: &mut PatternContext<'a>) {
        let Some((&first, rest)) = pc.fail_pop.split_first() else { return };
        let rest: Vec<BlockId> = rest.to_vec();
        for &b in rest.iter().rev() {
            self.use_next_block(b);
            self.op(Opcode::PopTop);
        }
        self.use_next_block(first);
        pc.fail_pop.clear();
    }

    /// `pattern_helper_rotate`: moves the top of the stack `count - 1` places down.
    fn pattern_rotate(&mut self, count: usize) {
        for k in (2..=count).rev() {
            self.op_i(Opcode::Swap, k as u32);
        }
    }

    /// `pattern_helper_store_name`: keeps a captured value on the stack, under everything still in use.
    fn pattern_store_name(&mut self, name: Option<&'a str>, pc: &mut PatternContext<'a>) -> Result<(), CompileError> {
        let Some(name) = name else {
            self.op(Opcode::PopTop);
            return Ok(());
        };
        if name == "__debug__" {
            return Err(self.error("cannot assign to __debug__"));
        }
        if pc.stores.contains(&name) {
            return Err(self.error(format!("multiple assignments to name {} in pattern", str_repr(name))));
        }
        self.pattern_rotate(pc.on_top + pc.stores.len() + 1);
        pc.stores.push(name);
        Ok(())
    }

    /// `pattern_unpack_helper`: UNPACK_SEQUENCE, or UNPACK_EX around the star.
    fn pattern_unpack(&mut self, elts: &[Pattern<'_>]) -> Result<(), CompileError> {
        let n = elts.len();
        let mut seen_star = false;
        for (i, elt) in elts.iter().enumerate() {
            if let PatternKind::MatchStar { .. } = elt.kind {
                if seen_star {
                    return Err(self.error("multiple starred expressions in sequence pattern"));
                }
                if i >= 1 << 8 || n - i > (i32::MAX >> 8) as usize {
                    return Err(self.error("too many expressions in star-unpacking sequence pattern"));
                }
                self.op_i(Opcode::UnpackEx, (i + ((n - i - 1) << 8)) as u32);
                seen_star = true;
            }
        }
        if !seen_star {
            self.op_i(Opcode::UnpackSequence, n as u32);
        }
        Ok(())
    }

    /// `pattern_helper_sequence_unpack`.
    fn pattern_sequence_unpack(
        &mut self,
        patterns: &'a [Pattern<'a>],
        pc: &mut PatternContext<'a>,
    ) -> Result<(), CompileError> {
        self.pattern_unpack(patterns)?;
        // Each subject unpacked stays on the stack until its own sub-pattern consumes it.
        pc.on_top += patterns.len();
        for p in patterns {
            pc.on_top -= 1;
            self.pattern_subpattern(p, pc)?;
        }
        Ok(())
    }

    /// `pattern_helper_sequence_subscr`: with a `*_`, index the subject instead of unpacking it.
    fn pattern_sequence_subscr(
        &mut self,
        patterns: &'a [Pattern<'a>],
        star: usize,
        pc: &mut PatternContext<'a>,
    ) -> Result<(), CompileError> {
        pc.on_top += 1;
        let size = patterns.len();
        for (i, p) in patterns.iter().enumerate() {
            if is_wildcard(p) || i == star {
                continue;
            }
            self.op_i(Opcode::Copy, 1);
            if i < star {
                self.load_const(Constant::Int(i.into()));
            } else {
                // The subject may not support negative indexes: compute len(subject) - k.
                self.op(Opcode::GetLen);
                self.load_const(Constant::Int((size - i).into()));
                self.binary_op(Operator::Sub, false);
            }
            self.op(Opcode::BinarySubscr);
            self.pattern_subpattern(p, pc)?;
        }
        pc.on_top -= 1;
        self.op(Opcode::PopTop);
        Ok(())
    }

    /// `compiler_pattern_subpattern`: a nested pattern may always be irrefutable.
    fn pattern_subpattern(&mut self, p: &'a Pattern<'a>, pc: &mut PatternContext<'a>) -> Result<(), CompileError> {
        let allow = pc.allow_irrefutable;
        pc.allow_irrefutable = true;
        self.pattern(p, pc)?;
        pc.allow_irrefutable = allow;
        Ok(())
    }

    /// `compiler_pattern`: the location is set to the pattern and deliberately not restored, as CPython does.
    fn pattern(&mut self, p: &'a Pattern<'a>, pc: &mut PatternContext<'a>) -> Result<(), CompileError> {
        self.set_loc(p.loc);
        match &p.kind {
            PatternKind::MatchValue { value } => {
                if !matches!(value.kind, ExprKind::Constant { .. } | ExprKind::Attribute { .. }) {
                    return Err(self.error("patterns may only match literals and attribute lookups"));
                }
                self.visit_expr(value)?;
                self.op_i(Opcode::CompareOp, 2);
                self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
                Ok(())
            }
            PatternKind::MatchSingleton { value } => {
                self.load_const(constant_of(value));
                self.op_i(Opcode::IsOp, 0);
                self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
                Ok(())
            }
            PatternKind::MatchSequence { patterns } => self.pattern_sequence(patterns, pc),
            PatternKind::MatchMapping { keys, patterns, rest } => self.pattern_mapping(keys, patterns, *rest, pc),
            PatternKind::MatchClass { cls, patterns, kwd_attrs, kwd_patterns } => {
                self.pattern_class(p, cls, patterns, kwd_attrs, kwd_patterns, pc)
            }
            PatternKind::MatchStar { name } => self.pattern_store_name(*name, pc),
            PatternKind::MatchAs { pattern, name } => self.pattern_as(*pattern, *name, pc),
            PatternKind::MatchOr { patterns } => self.pattern_or(patterns, pc),
        }
    }

    /// `compiler_pattern_as`.
    fn pattern_as(
        &mut self,
        pattern: Option<&'a Pattern<'a>>,
        name: Option<&'a str>,
        pc: &mut PatternContext<'a>,
    ) -> Result<(), CompileError> {
        let Some(pattern) = pattern else {
            if !pc.allow_irrefutable {
                return Err(match name {
                    Some(n) => self.error(format!("name capture {} makes remaining patterns unreachable", str_repr(n))),
                    None => self.error("wildcard makes remaining patterns unreachable"),
                });
            }
            return self.pattern_store_name(name, pc);
        };
        // Keep a copy of the subject to store if the inner pattern matches.
        pc.on_top += 1;
        self.op_i(Opcode::Copy, 1);
        self.pattern(pattern, pc)?;
        pc.on_top -= 1;
        self.pattern_store_name(name, pc)
    }

    /// `compiler_pattern_sequence`.
    fn pattern_sequence(
        &mut self,
        patterns: &'a [Pattern<'a>],
        pc: &mut PatternContext<'a>,
    ) -> Result<(), CompileError> {
        let size = patterns.len();
        let mut star: Option<usize> = None;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, p) in patterns.iter().enumerate() {
            if let PatternKind::MatchStar { .. } = p.kind {
                if star.is_some() {
                    return Err(self.error("multiple starred names in sequence pattern"));
                }
                star_wildcard = is_wildcard_star(p);
                only_wildcard &= star_wildcard;
                star = Some(i);
                continue;
            }
            only_wildcard &= is_wildcard(p);
        }
        // The subject stays on top during the type and length checks.
        pc.on_top += 1;
        self.op(Opcode::MatchSequence);
        self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        match star {
            None => {
                self.op(Opcode::GetLen);
                self.load_const(Constant::Int(size.into()));
                self.op_i(Opcode::CompareOp, 2);
                self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
            }
            Some(_) if size > 1 => {
                self.op(Opcode::GetLen);
                self.load_const(Constant::Int((size - 1).into()));
                self.op_i(Opcode::CompareOp, 5);
                self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
            }
            Some(_) => {}
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.op(Opcode::PopTop);
        } else if star_wildcard {
            self.pattern_sequence_subscr(patterns, star.unwrap_or(usize::MAX), pc)?;
        } else {
            self.pattern_sequence_unpack(patterns, pc)?;
        }
        Ok(())
    }

    /// `compiler_pattern_mapping`.
    fn pattern_mapping(
        &mut self,
        keys: &'a [ast::Expr<'a>],
        patterns: &'a [Pattern<'a>],
        rest: Option<&'a str>,
        pc: &mut PatternContext<'a>,
    ) -> Result<(), CompileError> {
        let size = keys.len();
        if size != patterns.len() {
            return Err(
                self.error(format!("keys ({size}) / patterns ({}) length mismatch in mapping pattern", patterns.len()))
            );
        }
        // The subject stays on top during the type and length checks.
        pc.on_top += 1;
        self.op(Opcode::MatchMapping);
        self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        if size == 0 && rest.is_none() {
            // `{}` matches any mapping.
            pc.on_top -= 1;
            self.op(Opcode::PopTop);
            return Ok(());
        }
        if size > 0 {
            self.op(Opcode::GetLen);
            self.load_const(Constant::Int(size.into()));
            self.op_i(Opcode::CompareOp, 5);
            self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        }
        // Keys are literals (checked for duplicates, with Python's `==`) or attribute lookups.
        let mut seen: Vec<Constant> = Vec::new();
        for key in keys {
            match &key.kind {
                ExprKind::Constant { value, .. } => {
                    let c = constant_of(value);
                    if seen.iter().any(|s| const_eq(s, &c)) {
                        return Err(self.error(format!("mapping pattern checks duplicate key ({})", const_repr(&c))));
                    }
                    seen.push(c);
                }
                ExprKind::Attribute { .. } => {}
                _ => return Err(self.error("mapping pattern keys may only match literals and attribute lookups")),
            }
            self.visit_expr(key)?;
        }
        self.op_i(Opcode::BuildTuple, size as u32);
        self.op(Opcode::MatchKeys);
        // A tuple of keys and a tuple of values (or None) now sit on the subject.
        pc.on_top += 2;
        self.op_i(Opcode::Copy, 1);
        self.load_const(Constant::None);
        self.op_i(Opcode::IsOp, 1);
        self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        self.op_i(Opcode::UnpackSequence, size as u32);
        pc.on_top += size;
        pc.on_top -= 1;
        for p in patterns {
            pc.on_top -= 1;
            self.pattern_subpattern(p, pc)?;
        }
        // A match: what follows consumes the keys tuple and the subject.
        pc.on_top -= 2;
        match rest {
            Some(_) => {
                // rest = dict(subject), then `del rest[key]` for each matched key.
                self.op_i(Opcode::BuildMap, 0);
                self.op_i(Opcode::Swap, 3);
                self.op_i(Opcode::DictUpdate, 2);
                self.op_i(Opcode::UnpackSequence, size as u32);
                for k in (1..=size).rev() {
                    self.op_i(Opcode::Copy, (1 + k) as u32);
                    self.op_i(Opcode::Swap, 2);
                    self.op(Opcode::DeleteSubscr);
                }
                self.pattern_store_name(rest, pc)?;
            }
            None => {
                self.op(Opcode::PopTop);
                self.op(Opcode::PopTop);
            }
        }
        Ok(())
    }

    /// `compiler_pattern_class`.
    fn pattern_class(
        &mut self,
        p: &'a Pattern<'a>,
        cls: &'a ast::Expr<'a>,
        patterns: &'a [Pattern<'a>],
        kwd_attrs: &'a [&'a str],
        kwd_patterns: &'a [Pattern<'a>],
        pc: &mut PatternContext<'a>,
    ) -> Result<(), CompileError> {
        let nargs = patterns.len();
        let nattrs = kwd_attrs.len();
        if nattrs != kwd_patterns.len() {
            return Err(self.error(format!(
                "kwd_attrs ({nattrs}) / kwd_patterns ({}) length mismatch in class pattern",
                kwd_patterns.len()
            )));
        }
        if nattrs > 0 {
            // Errors point at the keyword's pattern: the parser keeps no node for the attribute name.
            for (i, attr) in kwd_attrs.iter().enumerate() {
                self.set_loc(kwd_patterns[i].loc);
                if *attr == "__debug__" {
                    return Err(self.error("cannot assign to __debug__"));
                }
                for (j, other) in kwd_attrs.iter().enumerate().skip(i + 1) {
                    if attr == other {
                        self.set_loc(kwd_patterns[j].loc);
                        return Err(self.error(format!("attribute name repeated in class pattern: {attr}")));
                    }
                }
            }
            self.set_loc(p.loc);
        }
        self.visit_expr(cls)?;
        let names = kwd_attrs.iter().map(|a| Constant::str(a)).collect();
        self.load_const(Constant::Tuple(names));
        self.op_i(Opcode::MatchClass, nargs as u32);
        self.op_i(Opcode::Copy, 1);
        self.load_const(Constant::None);
        self.op_i(Opcode::IsOp, 1);
        // On top: a tuple of nargs + nattrs attributes, or None.
        pc.on_top += 1;
        self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        self.op_i(Opcode::UnpackSequence, (nargs + nattrs) as u32);
        pc.on_top += nargs + nattrs;
        pc.on_top -= 1;
        for sub in patterns.iter().chain(kwd_patterns.iter()) {
            pc.on_top -= 1;
            if is_wildcard(sub) {
                self.op(Opcode::PopTop);
                continue;
            }
            self.pattern_subpattern(sub, pc)?;
        }
        Ok(())
    }

    /// `compiler_pattern_or`: each alternative works on its own copy of the subject with a fresh context; the
    /// names it binds are put in the first alternative's order, then moved under the caller's items.
    fn pattern_or(&mut self, alts: &'a [Pattern<'a>], pc: &mut PatternContext<'a>) -> Result<(), CompileError> {
        let end = self.new_block();
        let old_stores = std::mem::take(&mut pc.stores);
        let old_fail_pop = std::mem::take(&mut pc.fail_pop);
        let old_on_top = pc.on_top;
        let old_allow = pc.allow_irrefutable;
        let mut control: Option<Vec<&'a str>> = None;
        let size = alts.len();
        for (i, alt) in alts.iter().enumerate() {
            self.set_loc(alt.loc);
            pc.stores = Vec::new();
            // Only the last alternative may be irrefutable, and only if the whole pattern may.
            pc.allow_irrefutable = i == size - 1 && old_allow;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.op_i(Opcode::Copy, 1);
            self.pattern(alt, pc)?;
            match &control {
                None => control = Some(pc.stores.clone()),
                Some(ctl) if ctl.len() != pc.stores.len() => {
                    return Err(self.error("alternative patterns bind different names"));
                }
                Some(ctl) => {
                    let nstores = ctl.len();
                    for icontrol in (0..nstores).rev() {
                        let name = ctl[icontrol];
                        let Some(istores) = pc.stores.iter().position(|s| *s == name) else {
                            return Err(self.error("alternative patterns bind different names"));
                        };
                        if icontrol != istores {
                            // Reorder this alternative's captures (and the list of them) to the control's order.
                            let rotations = istores + 1;
                            let rotated: Vec<&'a str> = pc.stores.drain(..rotations).collect();
                            let at = icontrol - istores;
                            pc.stores.splice(at..at, rotated);
                            for _ in 0..rotations {
                                self.pattern_rotate(icontrol + 1);
                            }
                        }
                    }
                }
            }
            self.jump(JUMP, end);
            self.emit_and_reset_fail_pop(pc);
        }
        pc.stores = old_stores;
        pc.fail_pop = old_fail_pop;
        pc.on_top = old_on_top;
        pc.allow_irrefutable = old_allow;
        // No alternative matched: pop the remaining copy of the subject and fail.
        self.op(Opcode::PopTop);
        self.jump_to_fail_pop(pc, JUMP);
        self.use_next_block(end);
        let control = control.unwrap_or_default();
        let nstores = control.len();
        // Move each capture under the other captures, the subject copy, the caller's items and earlier captures.
        let nrots = nstores + 1 + pc.on_top + pc.stores.len();
        for name in control {
            self.pattern_rotate(nrots);
            if pc.stores.contains(&name) {
                return Err(self.error(format!("multiple assignments to name {} in pattern", str_repr(name))));
            }
            pc.stores.push(name);
        }
        self.op(Opcode::PopTop);
        Ok(())
    }
}
