//! Codegen for statements: assignments, control flow, `def`, `return`, `import` (`compiler_visit_stmt` and friends).

use pyfront::ast::{self, Expr, ExprContext, ExprKind, Stmt, StmtKind};

use super::{Compiler, FBlock, UnitKind, docstring};
use crate::code::Constant;
use crate::error::CompileError;
use crate::flowgraph::{InstrOp, Pseudo};
use crate::opcode::Opcode;
use crate::symtable::BlockKind;

/// `find_ann`: whether a body has an annotated assignment (outside nested functions and classes).
pub(crate) fn has_annotations(s: &Stmt<'_>) -> bool {
    match &s.kind {
        StmtKind::AnnAssign { .. } => true,
        StmtKind::For(f) | StmtKind::AsyncFor(f) => {
            f.body.iter().any(has_annotations) || f.orelse.iter().any(has_annotations)
        }
        StmtKind::While { body, orelse, .. } | StmtKind::If { body, orelse, .. } => {
            body.iter().any(has_annotations) || orelse.iter().any(has_annotations)
        }
        StmtKind::With(w) | StmtKind::AsyncWith(w) => w.body.iter().any(has_annotations),
        StmtKind::Match { cases, .. } => cases.iter().any(|c| c.body.iter().any(has_annotations)),
        StmtKind::Try(t) | StmtKind::TryStar(t) => {
            t.handlers.iter().any(|h| h.body.iter().any(has_annotations))
                || t.body.iter().any(has_annotations)
                || t.finalbody.iter().any(has_annotations)
                || t.orelse.iter().any(has_annotations)
        }
        _ => false,
    }
}

impl<'a> Compiler<'_, '_, 'a> {
    pub(crate) fn visit_stmts(&mut self, body: &'a [Stmt<'a>]) -> Result<(), CompileError> {
        for s in body {
            self.visit_stmt(s)?;
        }
        Ok(())
    }

    /// `compiler_visit_stmt`: every statement first sets the location to its own span.
    pub(crate) fn visit_stmt(&mut self, s: &'a Stmt<'a>) -> Result<(), CompileError> {
        self.set_loc(s.loc);
        match &s.kind {
            StmtKind::FunctionDef(f) => self.function(s, f, false),
            StmtKind::AsyncFunctionDef(f) => self.function(s, f, true),
            StmtKind::ClassDef(c) => self.class_def(s, c),
            StmtKind::Try(t) => {
                if t.finalbody.is_empty() {
                    self.try_except(t)
                } else {
                    self.try_finally(t, false)
                }
            }
            StmtKind::TryStar(t) => {
                if t.finalbody.is_empty() {
                    self.try_star_except(t)
                } else {
                    self.try_finally(t, true)
                }
            }
            StmtKind::With(w) => self.with_stmt(s, w, 0),
            StmtKind::Assert { test, msg } => self.assert_stmt(test, *msg),
            StmtKind::ImportFrom { module, names, level } => self.import_from(s, *module, names, *level),
            StmtKind::AnnAssign { target, annotation, value, simple } => {
                self.annassign(target, annotation, *value, *simple)
            }
            StmtKind::Return { value } => self.return_stmt(s, *value),
            StmtKind::Delete { targets } => {
                for t in targets.iter() {
                    self.visit_expr(t)?;
                }
                Ok(())
            }
            StmtKind::Assign { targets, value, .. } => {
                self.visit_expr(value)?;
                let n = targets.len();
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < n {
                        self.op_i(Opcode::Copy, 1);
                    }
                    self.visit_expr(t)?;
                }
                Ok(())
            }
            StmtKind::AugAssign { target, op, value } => self.augassign(target, *op, value),
            StmtKind::For(f) => self.for_stmt(f),
            StmtKind::While { test, body, orelse } => self.while_stmt(s, test, body, orelse),
            StmtKind::If { test, body, orelse } => self.if_stmt(test, body, orelse),
            StmtKind::Raise { exc, cause } => {
                let mut n = 0;
                if let Some(e) = exc {
                    self.visit_expr(e)?;
                    n += 1;
                    if let Some(c) = cause {
                        self.visit_expr(c)?;
                        n += 1;
                    }
                }
                self.op_i(Opcode::RaiseVarargs, n);
                Ok(())
            }
            StmtKind::Import { names } => self.import(names),
            StmtKind::Global { .. } | StmtKind::Nonlocal { .. } => Ok(()),
            StmtKind::Expr { value } => self.stmt_expr(value),
            StmtKind::Pass => {
                self.op(Opcode::Nop);
                Ok(())
            }
            StmtKind::Break => self.break_stmt(),
            StmtKind::Continue => self.continue_stmt(),
            StmtKind::AsyncFor(f) => self.async_for(f),
            StmtKind::AsyncWith(w) => self.async_with(s, w, 0),
            StmtKind::Match { subject, cases } => self.match_stmt(subject, cases),
        }
    }

    /// `compiler_visit_stmt_expr`.
    fn stmt_expr(&mut self, value: &Expr<'_>) -> Result<(), CompileError> {
        if self.interactive && self.units.len() <= 1 {
            self.visit_expr(value)?;
            self.op(Opcode::PrintExpr);
            return Ok(());
        }
        if let ExprKind::Constant { .. } = value.kind {
            // A constant statement does nothing; the NOP keeps its line for tracing.
            self.op(Opcode::Nop);
            return Ok(());
        }
        self.visit_expr(value)?;
        self.unset_loc();
        self.op(Opcode::PopTop);
        Ok(())
    }

    /// `compiler_augassign`.
    fn augassign(&mut self, target: &Expr<'_>, op: ast::Operator, value: &Expr<'_>) -> Result<(), CompileError> {
        let saved = self.loc();
        self.set_loc(target.loc);
        match &target.kind {
            ExprKind::Attribute { value: obj, attr, .. } => {
                self.visit_expr(obj)?;
                self.op_i(Opcode::Copy, 1);
                self.update_start_location_to_match_attr(target);
                self.op_name(Opcode::LoadAttr, attr);
            }
            ExprKind::Subscript { value: obj, slice, .. } => {
                self.visit_expr(obj)?;
                self.visit_expr(slice)?;
                self.op_i(Opcode::Copy, 2);
                self.op_i(Opcode::Copy, 2);
                self.op(Opcode::BinarySubscr);
            }
            ExprKind::Name { id, .. } => self.nameop(id, ExprContext::Load)?,
            _ => return Err(CompileError::system("invalid node type for augmented assignment")),
        }
        self.restore_loc(saved);
        self.visit_expr(value)?;
        self.binary_op(op, true);
        self.set_loc(target.loc);
        match &target.kind {
            ExprKind::Attribute { attr, .. } => {
                self.update_start_location_to_match_attr(target);
                self.op_i(Opcode::Swap, 2);
                self.op_name(Opcode::StoreAttr, attr);
            }
            ExprKind::Subscript { .. } => {
                self.op_i(Opcode::Swap, 3);
                self.op_i(Opcode::Swap, 2);
                self.op(Opcode::StoreSubscr);
            }
            ExprKind::Name { id, .. } => self.nameop(id, ExprContext::Store)?,
            _ => {}
        }
        Ok(())
    }

    /// `compiler_if`.
    fn if_stmt(&mut self, test: &Expr<'_>, body: &'a [Stmt<'a>], orelse: &'a [Stmt<'a>]) -> Result<(), CompileError> {
        let end = self.new_block();
        let next = if orelse.is_empty() { end } else { self.new_block() };
        self.jump_if(test, next, false)?;
        self.visit_stmts(body)?;
        if !orelse.is_empty() {
            self.jump_noline(InstrOp::Pseudo(Pseudo::Jump), end);
            self.use_next_block(next);
            self.visit_stmts(orelse)?;
        }
        self.use_next_block(end);
        Ok(())
    }

    /// `compiler_for`.
    fn for_stmt(&mut self, f: &'a ast::For<'a>) -> Result<(), CompileError> {
        let start = self.new_block();
        let body = self.new_block();
        let cleanup = self.new_block();
        let end = self.new_block();
        self.push_fblock(FBlock::ForLoop { start, exit: end })?;
        self.visit_expr(f.iter)?;
        self.op(Opcode::GetIter);
        self.use_next_block(start);
        self.jump(InstrOp::Real(Opcode::ForIter), cleanup);
        self.use_next_block(body);
        self.visit_expr(f.target)?;
        self.visit_stmts(f.body)?;
        // The jump back is artificial: it has no line of its own.
        self.unset_loc();
        self.jump(InstrOp::Pseudo(Pseudo::Jump), start);
        self.use_next_block(cleanup);
        self.pop_fblock();
        self.visit_stmts(f.orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    /// `compiler_while`: the test at the top, and again at the bottom.
    fn while_stmt(
        &mut self,
        s: &'a Stmt<'a>,
        test: &Expr<'_>,
        body: &'a [Stmt<'a>],
        orelse: &'a [Stmt<'a>],
    ) -> Result<(), CompileError> {
        let lp = self.new_block();
        let body_block = self.new_block();
        let anchor = self.new_block();
        let end = self.new_block();
        self.use_next_block(lp);
        self.push_fblock(FBlock::WhileLoop { start: lp, exit: end })?;
        self.jump_if(test, anchor, false)?;
        self.use_next_block(body_block);
        self.visit_stmts(body)?;
        self.set_loc(s.loc);
        self.jump_if(test, body_block, true)?;
        self.pop_fblock();
        self.use_next_block(anchor);
        self.visit_stmts(orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    /// `compiler_return`.
    fn return_stmt(&mut self, s: &'a Stmt<'a>, value: Option<&Expr<'_>>) -> Result<(), CompileError> {
        let is_const = |v: &Expr<'_>| matches!(v.kind, ExprKind::Constant { .. });
        let preserve_tos = value.is_some_and(|v| !is_const(v));
        if self.scope_kind() != BlockKind::Function {
            return Err(self.error("'return' outside function"));
        }
        let ste = self.st.scope(self.ur().scope);
        if value.is_some() && ste.coroutine && ste.generator {
            return Err(self.error("'return' with value in async generator"));
        }
        if let Some(v) = value {
            if preserve_tos {
                self.visit_expr(v)?;
            } else {
                self.set_loc(v.loc);
                self.op(Opcode::Nop);
            }
        }
        if value.is_none_or(|v| v.loc.lineno != s.loc.lineno) {
            self.set_loc(s.loc);
            self.op(Opcode::Nop);
        }
        self.unwind_fblock_stack(preserve_tos, false)?;
        match value {
            None => self.load_const(Constant::None),
            Some(v) if !preserve_tos => {
                if let ExprKind::Constant { value: c, .. } = &v.kind {
                    self.load_const(super::constant_of(c));
                }
            }
            Some(_) => {}
        }
        self.op(Opcode::ReturnValue);
        Ok(())
    }

    /// `compiler_unwind_fblock`: the code that leaves one block early (return, break, continue).
    fn unwind_fblock(&mut self, fb: FBlock<'a>, preserve_tos: bool) -> Result<(), CompileError> {
        match fb {
            FBlock::WhileLoop { .. }
            | FBlock::ExceptionHandler
            | FBlock::ExceptionGroupHandler
            | FBlock::AsyncComprehensionGenerator => {}
            FBlock::ForLoop { .. } => {
                // Pop the iterator (keeping the return value on top).
                if preserve_tos {
                    self.op_i(Opcode::Swap, 2);
                }
                self.op(Opcode::PopTop);
            }
            FBlock::TryExcept => self.pseudo(Pseudo::PopBlock),
            FBlock::FinallyTry { finalbody } => {
                // This POP_BLOCK gets the line of the unwinding statement.
                self.pseudo(Pseudo::PopBlock);
                if preserve_tos {
                    self.push_fblock(FBlock::PopValue)?;
                }
                self.visit_stmts(finalbody)?;
                if preserve_tos {
                    self.pop_fblock();
                }
                // The unwinding instruction should appear to run after the final body: it has no line.
                self.unset_loc();
            }
            FBlock::FinallyEnd => {
                if preserve_tos {
                    self.op_i(Opcode::Swap, 2);
                }
                self.op(Opcode::PopTop);
                if preserve_tos {
                    self.op_i(Opcode::Swap, 2);
                }
                self.pseudo(Pseudo::PopBlock);
                self.op(Opcode::PopExcept);
            }
            FBlock::With { loc, is_async } => {
                self.set_loc(loc);
                self.pseudo(Pseudo::PopBlock);
                if preserve_tos {
                    self.op_i(Opcode::Swap, 2);
                }
                self.call_exit_with_nones();
                if is_async {
                    self.op_i(Opcode::GetAwaitable, 2);
                    self.load_const(Constant::None);
                    self.add_yield_from(true);
                }
                self.op(Opcode::PopTop);
                self.unset_loc();
            }
            FBlock::HandlerCleanup { name } => {
                if name.is_some() {
                    self.pseudo(Pseudo::PopBlock);
                }
                if preserve_tos {
                    self.op_i(Opcode::Swap, 2);
                }
                self.pseudo(Pseudo::PopBlock);
                self.op(Opcode::PopExcept);
                if let Some(name) = name {
                    self.load_const(Constant::None);
                    self.nameop(name, ExprContext::Store)?;
                    self.nameop(name, ExprContext::Del)?;
                }
            }
            FBlock::PopValue => {
                if preserve_tos {
                    self.op_i(Opcode::Swap, 2);
                }
                self.op(Opcode::PopTop);
            }
        }
        Ok(())
    }

    /// `compiler_unwind_fblock_stack`: unwinds every enclosing block, or up to the innermost loop when `to_loop`
    /// (returned). Each block is popped while its unwinding code is compiled, as a final body may itself return.
    fn unwind_fblock_stack(&mut self, preserve_tos: bool, to_loop: bool) -> Result<Option<FBlock<'a>>, CompileError> {
        let Some(&top) = self.ur().fblocks.last() else { return Ok(None) };
        if let FBlock::ExceptionGroupHandler = top {
            return Err(self.error("'break', 'continue' and 'return' cannot appear in an except* block"));
        }
        if to_loop && matches!(top, FBlock::WhileLoop { .. } | FBlock::ForLoop { .. }) {
            return Ok(Some(top));
        }
        self.u().fblocks.pop();
        let r = self.unwind_fblock(top, preserve_tos).and_then(|()| self.unwind_fblock_stack(preserve_tos, to_loop));
        self.u().fblocks.push(top);
        r
    }

    /// `compiler_break`.
    fn break_stmt(&mut self) -> Result<(), CompileError> {
        let saved = self.loc();
        self.op(Opcode::Nop);
        let lp = self.unwind_fblock_stack(false, true)?;
        match lp {
            Some(fb @ FBlock::ForLoop { exit, .. }) | Some(fb @ FBlock::WhileLoop { exit, .. }) => {
                self.unwind_fblock(fb, false)?;
                self.jump(InstrOp::Pseudo(Pseudo::Jump), exit);
            }
            _ => {
                self.restore_loc(saved);
                return Err(self.error("'break' outside loop"));
            }
        }
        Ok(())
    }

    /// `compiler_continue`.
    fn continue_stmt(&mut self) -> Result<(), CompileError> {
        let saved = self.loc();
        self.op(Opcode::Nop);
        match self.unwind_fblock_stack(false, true)? {
            Some(FBlock::ForLoop { start, .. } | FBlock::WhileLoop { start, .. }) => {
                self.jump(InstrOp::Pseudo(Pseudo::Jump), start)
            }
            _ => {
                self.restore_loc(saved);
                return Err(self.error("'continue' not properly in loop"));
            }
        }
        Ok(())
    }

    /// `compiler_call_exit_with_nones`.
    fn call_exit_with_nones(&mut self) {
        self.load_const(Constant::None);
        self.load_const(Constant::None);
        self.load_const(Constant::None);
        self.op_i(Opcode::Precall, 2);
        self.op_i(Opcode::Call, 2);
    }

    /// `compiler_pop_except_and_reraise`.
    fn pop_except_and_reraise(&mut self) {
        self.op_i(Opcode::Copy, 3);
        self.op(Opcode::PopExcept);
        self.op_i(Opcode::Reraise, 1);
    }

    /// `compiler_try_finally`: the final body is compiled twice, for the normal and the exceptional exit.
    fn try_finally(&mut self, t: &'a ast::Try<'a>, star: bool) -> Result<(), CompileError> {
        let body = self.new_block();
        let end = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.jump(InstrOp::Pseudo(Pseudo::SetupFinally), end);
        self.use_next_block(body);
        self.push_fblock(FBlock::FinallyTry { finalbody: t.finalbody })?;
        if t.handlers.is_empty() {
            self.visit_stmts(t.body)?;
        } else if star {
            self.try_star_except(t)?;
        } else {
            self.try_except(t)?;
        }
        self.pseudo_noline(Pseudo::PopBlock);
        self.pop_fblock();
        self.visit_stmts(t.finalbody)?;
        self.jump_noline(InstrOp::Pseudo(Pseudo::Jump), exit);
        self.use_next_block(end);
        self.unset_loc();
        self.jump(InstrOp::Pseudo(Pseudo::SetupCleanup), cleanup);
        self.op(Opcode::PushExcInfo);
        self.push_fblock(FBlock::FinallyEnd)?;
        self.visit_stmts(t.finalbody)?;
        self.pop_fblock();
        self.op_i(Opcode::Reraise, 0);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(exit);
        Ok(())
    }

    /// `compiler_try_except`.
    fn try_except(&mut self, t: &'a ast::Try<'a>) -> Result<(), CompileError> {
        let body = self.new_block();
        let mut except = self.new_block();
        let end = self.new_block();
        let cleanup = self.new_block();
        self.jump(InstrOp::Pseudo(Pseudo::SetupFinally), except);
        self.use_next_block(body);
        self.push_fblock(FBlock::TryExcept)?;
        self.visit_stmts(t.body)?;
        self.pop_fblock();
        self.pseudo_noline(Pseudo::PopBlock);
        self.visit_stmts(t.orelse)?;
        self.jump_noline(InstrOp::Pseudo(Pseudo::Jump), end);
        let n = t.handlers.len();
        self.use_next_block(except);
        self.unset_loc();
        self.jump(InstrOp::Pseudo(Pseudo::SetupCleanup), cleanup);
        self.op(Opcode::PushExcInfo);
        // The runtime pushes a block here, so account for it.
        self.push_fblock(FBlock::ExceptionHandler)?;
        for (i, h) in t.handlers.iter().enumerate() {
            self.set_loc(h.loc);
            if h.type_.is_none() && i + 1 < n {
                return Err(self.error("default 'except:' must be last"));
            }
            except = self.new_block();
            if let Some(ty) = h.type_ {
                self.visit_expr(ty)?;
                self.op(Opcode::CheckExcMatch);
                self.jump(InstrOp::Pseudo(Pseudo::PopJumpIfFalse), except);
            }
            if let Some(name) = h.name {
                let cleanup_end = self.new_block();
                let cleanup_body = self.new_block();
                self.nameop(name, ExprContext::Store)?;
                // The body runs in a try/finally that clears the name (`name = None; del name`).
                self.jump(InstrOp::Pseudo(Pseudo::SetupCleanup), cleanup_end);
                self.use_next_block(cleanup_body);
                self.push_fblock(FBlock::HandlerCleanup { name: Some(name) })?;
                self.visit_stmts(h.body)?;
                self.pop_fblock();
                self.unset_loc();
                self.pseudo(Pseudo::PopBlock);
                self.pseudo(Pseudo::PopBlock);
                self.op(Opcode::PopExcept);
                self.load_const(Constant::None);
                self.nameop(name, ExprContext::Store)?;
                self.nameop(name, ExprContext::Del)?;
                self.jump(InstrOp::Pseudo(Pseudo::Jump), end);
                self.use_next_block(cleanup_end);
                self.unset_loc();
                self.load_const(Constant::None);
                self.nameop(name, ExprContext::Store)?;
                self.nameop(name, ExprContext::Del)?;
                self.op_i(Opcode::Reraise, 1);
            } else {
                let cleanup_body = self.new_block();
                self.op(Opcode::PopTop);
                self.use_next_block(cleanup_body);
                self.push_fblock(FBlock::HandlerCleanup { name: None })?;
                self.visit_stmts(h.body)?;
                self.pop_fblock();
                self.unset_loc();
                self.pseudo(Pseudo::PopBlock);
                self.op(Opcode::PopExcept);
                self.jump(InstrOp::Pseudo(Pseudo::Jump), end);
            }
            self.use_next_block(except);
        }
        self.unset_loc();
        self.pop_fblock();
        self.op_i(Opcode::Reraise, 0);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(end);
        Ok(())
    }

    /// `compiler_try_star_except`: each handler splits the exception group; what the handlers raise or leave
    /// unmatched is collected in a list and re-raised by PREP_RERAISE_STAR.
    fn try_star_except(&mut self, t: &'a ast::Try<'a>) -> Result<(), CompileError> {
        let body = self.new_block();
        let mut except = self.new_block();
        let orelse = self.new_block();
        let end = self.new_block();
        let cleanup = self.new_block();
        let reraise_star = self.new_block();
        self.jump(InstrOp::Pseudo(Pseudo::SetupFinally), except);
        self.use_next_block(body);
        self.push_fblock(FBlock::TryExcept)?;
        self.visit_stmts(t.body)?;
        self.pop_fblock();
        self.pseudo_noline(Pseudo::PopBlock);
        self.jump_noline(InstrOp::Pseudo(Pseudo::Jump), orelse);
        let n = t.handlers.len();
        self.use_next_block(except);
        self.unset_loc();
        self.jump(InstrOp::Pseudo(Pseudo::SetupCleanup), cleanup);
        self.op(Opcode::PushExcInfo);
        self.push_fblock(FBlock::ExceptionGroupHandler)?;
        for (i, h) in t.handlers.iter().enumerate() {
            self.set_loc(h.loc);
            except = self.new_block();
            let except_with_error = self.new_block();
            let no_match = self.new_block();
            if i == 0 {
                // [exc] -> [orig, [], exc]: the original group, and the list of what is to be re-raised.
                self.op_i(Opcode::Copy, 1);
                self.op_i(Opcode::BuildList, 0);
                self.op_i(Opcode::Swap, 2);
            }
            if let Some(ty) = h.type_ {
                self.visit_expr(ty)?;
                self.op(Opcode::CheckEgMatch);
                self.op_i(Opcode::Copy, 1);
                self.jump(InstrOp::Pseudo(Pseudo::PopJumpIfNone), no_match);
            }
            let cleanup_end = self.new_block();
            let cleanup_body = self.new_block();
            match h.name {
                Some(name) => self.nameop(name, ExprContext::Store)?,
                None => self.op(Opcode::PopTop),
            }
            self.jump(InstrOp::Pseudo(Pseudo::SetupCleanup), cleanup_end);
            self.use_next_block(cleanup_body);
            self.push_fblock(FBlock::HandlerCleanup { name: h.name })?;
            self.visit_stmts(h.body)?;
            self.pop_fblock();
            self.unset_loc();
            self.pseudo(Pseudo::PopBlock);
            if let Some(name) = h.name {
                self.load_const(Constant::None);
                self.nameop(name, ExprContext::Store)?;
                self.nameop(name, ExprContext::Del)?;
            }
            self.jump(InstrOp::Pseudo(Pseudo::Jump), except);
            self.use_next_block(cleanup_end);
            self.unset_loc();
            if let Some(name) = h.name {
                self.load_const(Constant::None);
                self.nameop(name, ExprContext::Store)?;
                self.nameop(name, ExprContext::Del)?;
            }
            self.op_i(Opcode::ListAppend, 3);
            self.op(Opcode::PopTop);
            self.jump(InstrOp::Pseudo(Pseudo::Jump), except_with_error);
            self.use_next_block(except);
            // The NOP holds a propagated location, and keeps the jumps to here from being threaded.
            self.op(Opcode::Nop);
            self.jump(InstrOp::Pseudo(Pseudo::Jump), except_with_error);
            self.use_next_block(no_match);
            // The unmatched match result, None.
            self.op(Opcode::PopTop);
            self.use_next_block(except_with_error);
            if i + 1 == n {
                // The unmatched rest of the group (or None) joins the list.
                self.op_i(Opcode::ListAppend, 1);
                self.jump(InstrOp::Pseudo(Pseudo::Jump), reraise_star);
            }
        }
        self.unset_loc();
        self.pop_fblock();
        let reraise = self.new_block();
        self.use_next_block(reraise_star);
        self.op(Opcode::PrepReraiseStar);
        self.op_i(Opcode::Copy, 1);
        self.jump(InstrOp::Pseudo(Pseudo::PopJumpIfNotNone), reraise);
        self.op(Opcode::PopTop);
        self.pseudo(Pseudo::PopBlock);
        self.op(Opcode::PopExcept);
        self.jump(InstrOp::Pseudo(Pseudo::Jump), end);
        self.use_next_block(reraise);
        self.pseudo(Pseudo::PopBlock);
        self.op_i(Opcode::Swap, 2);
        self.op(Opcode::PopExcept);
        self.op_i(Opcode::Reraise, 0);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(orelse);
        self.visit_stmts(t.orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    /// `compiler_with`: one item per nesting level, `pos` being this level's item.
    fn with_stmt(&mut self, s: &'a Stmt<'a>, w: &'a ast::With<'a>, pos: usize) -> Result<(), CompileError> {
        let item = &w.items[pos];
        let block = self.new_block();
        let fin = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.visit_expr(item.context_expr)?;
        self.op(Opcode::BeforeWith);
        self.jump(InstrOp::Pseudo(Pseudo::SetupWith), fin);
        self.use_next_block(block);
        self.push_fblock(FBlock::With { loc: s.loc, is_async: false })?;
        match item.optional_vars {
            Some(v) => self.visit_expr(v)?,
            None => self.op(Opcode::PopTop),
        }
        if pos + 1 == w.items.len() {
            self.visit_stmts(w.body)?;
        } else {
            self.with_stmt(s, w, pos + 1)?;
        }
        self.unset_loc();
        self.pseudo(Pseudo::PopBlock);
        self.pop_fblock();
        self.set_loc(s.loc);
        self.call_exit_with_nones();
        self.op(Opcode::PopTop);
        self.jump(InstrOp::Pseudo(Pseudo::Jump), exit);
        self.use_next_block(fin);
        self.jump(InstrOp::Pseudo(Pseudo::SetupCleanup), cleanup);
        self.op(Opcode::PushExcInfo);
        self.op(Opcode::WithExceptStart);
        self.with_except_finish(cleanup);
        self.use_next_block(exit);
        Ok(())
    }

    /// `compiler_async_for`: `__anext__` is awaited under a handler whose END_ASYNC_FOR ends the loop.
    fn async_for(&mut self, f: &'a ast::For<'a>) -> Result<(), CompileError> {
        if self.ur().kind != UnitKind::AsyncFunction {
            return Err(self.error("'async for' outside async function"));
        }
        let start = self.new_block();
        let except = self.new_block();
        let end = self.new_block();
        self.visit_expr(f.iter)?;
        self.op(Opcode::GetAiter);
        self.use_next_block(start);
        self.push_fblock(FBlock::ForLoop { start, exit: end })?;
        self.jump(InstrOp::Pseudo(Pseudo::SetupFinally), except);
        self.op(Opcode::GetAnext);
        self.load_const(Constant::None);
        self.add_yield_from(true);
        self.pseudo(Pseudo::PopBlock);
        self.visit_expr(f.target)?;
        self.visit_stmts(f.body)?;
        self.unset_loc();
        self.jump(InstrOp::Pseudo(Pseudo::Jump), start);
        self.pop_fblock();
        self.use_next_block(except);
        // END_ASYNC_FOR belongs to the `for`, so it takes the iterator's location.
        self.set_loc(f.iter.loc);
        self.op(Opcode::EndAsyncFor);
        self.visit_stmts(f.orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    /// `compiler_async_with`: like `with`, awaiting `__aenter__` and `__aexit__`.
    fn async_with(&mut self, s: &'a Stmt<'a>, w: &'a ast::With<'a>, pos: usize) -> Result<(), CompileError> {
        if self.ur().kind != UnitKind::AsyncFunction {
            return Err(self.error("'async with' outside async function"));
        }
        let item = &w.items[pos];
        let block = self.new_block();
        let fin = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.visit_expr(item.context_expr)?;
        self.op(Opcode::BeforeAsyncWith);
        self.op_i(Opcode::GetAwaitable, 1);
        self.load_const(Constant::None);
        self.add_yield_from(true);
        self.jump(InstrOp::Pseudo(Pseudo::SetupWith), fin);
        self.use_next_block(block);
        self.push_fblock(FBlock::With { loc: s.loc, is_async: true })?;
        match item.optional_vars {
            Some(v) => self.visit_expr(v)?,
            None => self.op(Opcode::PopTop),
        }
        if pos + 1 == w.items.len() {
            self.visit_stmts(w.body)?;
        } else {
            self.async_with(s, w, pos + 1)?;
        }
        self.pop_fblock();
        self.pseudo(Pseudo::PopBlock);
        self.set_loc(s.loc);
        self.call_exit_with_nones();
        self.op_i(Opcode::GetAwaitable, 2);
        self.load_const(Constant::None);
        self.add_yield_from(true);
        self.op(Opcode::PopTop);
        self.jump(InstrOp::Pseudo(Pseudo::Jump), exit);
        self.use_next_block(fin);
        self.jump(InstrOp::Pseudo(Pseudo::SetupCleanup), cleanup);
        self.op(Opcode::PushExcInfo);
        self.op(Opcode::WithExceptStart);
        self.op_i(Opcode::GetAwaitable, 2);
        self.load_const(Constant::None);
        self.add_yield_from(true);
        self.with_except_finish(cleanup);
        self.use_next_block(exit);
        Ok(())
    }

    /// `compiler_with_except_finish`.
    fn with_except_finish(&mut self, cleanup: crate::flowgraph::BlockId) {
        self.unset_loc();
        let exit = self.new_block();
        self.jump(InstrOp::Pseudo(Pseudo::PopJumpIfTrue), exit);
        self.op_i(Opcode::Reraise, 2);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(exit);
        self.op(Opcode::PopTop);
        self.pseudo(Pseudo::PopBlock);
        self.op(Opcode::PopExcept);
        self.op(Opcode::PopTop);
        self.op(Opcode::PopTop);
    }

    /// `compiler_assert`: nothing under `-O`.
    fn assert_stmt(&mut self, test: &Expr<'_>, msg: Option<&Expr<'_>>) -> Result<(), CompileError> {
        if self.optimize > 0 {
            return Ok(());
        }
        let end = self.new_block();
        self.jump_if(test, end, true)?;
        self.op(Opcode::LoadAssertionError);
        if let Some(m) = msg {
            self.visit_expr(m)?;
            self.op_i(Opcode::Precall, 0);
            self.op_i(Opcode::Call, 0);
        }
        self.op_i(Opcode::RaiseVarargs, 1);
        self.use_next_block(end);
        Ok(())
    }

    /// `compiler_from_import`.
    fn import_from(
        &mut self,
        s: &Stmt<'_>,
        module: Option<&str>,
        names: &[ast::Alias<'_>],
        level: u32,
    ) -> Result<(), CompileError> {
        self.load_const(Constant::Int(level.into()));
        let tuple: Vec<Constant> = names.iter().map(|a| Constant::str(a.name)).collect();
        if module == Some("__future__") && s.loc.lineno > self.future_lineno {
            return Err(self.error("from __future__ imports must occur at the beginning of the file"));
        }
        self.load_const(Constant::Tuple(tuple.into()));
        self.op_name(Opcode::ImportName, module.unwrap_or(""));
        for (i, alias) in names.iter().enumerate() {
            if i == 0 && alias.name.starts_with('*') {
                self.op(Opcode::ImportStar);
                return Ok(());
            }
            self.op_name(Opcode::ImportFrom, alias.name);
            self.nameop(alias.asname.unwrap_or(alias.name), ExprContext::Store)?;
        }
        self.op(Opcode::PopTop);
        Ok(())
    }

    /// `compiler_annassign`.
    fn annassign(
        &mut self,
        target: &Expr<'_>,
        annotation: &Expr<'_>,
        value: Option<&Expr<'_>>,
        simple: bool,
    ) -> Result<(), CompileError> {
        if let Some(v) = value {
            self.visit_expr(v)?;
            self.visit_expr(target)?;
        }
        let module_or_class = matches!(self.ur().kind, UnitKind::Module | UnitKind::Class);
        match &target.kind {
            ExprKind::Name { id, .. } => {
                if *id == "__debug__" {
                    return Err(self.error("cannot assign to __debug__"));
                }
                if simple && module_or_class {
                    self.annotation_value(annotation)?;
                    self.op_name_raw(Opcode::LoadName, "__annotations__");
                    let private = self.ur().private.clone();
                    let mangled = crate::symtable::mangle(private.as_deref(), id);
                    self.load_const(Constant::str(mangled.as_ref()));
                    self.op(Opcode::StoreSubscr);
                }
            }
            ExprKind::Attribute { value: obj, attr, .. } => {
                if *attr == "__debug__" {
                    return Err(self.error("cannot assign to __debug__"));
                }
                if value.is_none() {
                    self.check_ann_expr(obj)?;
                }
            }
            ExprKind::Subscript { value: obj, slice, .. } => {
                if value.is_none() {
                    self.check_ann_expr(obj)?;
                    self.check_ann_subscr(slice)?;
                }
            }
            _ => return Err(CompileError::system("invalid node type for annotated assignment")),
        }
        // Under the future import, complex targets' annotations produce nothing.
        if !simple && module_or_class && !self.future_annotations {
            self.check_ann_expr(annotation)?;
        }
        Ok(())
    }

    /// An annotation's value: the expression, or under `from __future__ import annotations` its source text.
    fn annotation_value(&mut self, ann: &Expr<'_>) -> Result<(), CompileError> {
        if self.future_annotations {
            let text = super::unparse::annotation_text(ann)?;
            self.load_const(Constant::str(&text));
            Ok(())
        } else {
            self.visit_expr(ann)
        }
    }

    fn check_ann_expr(&mut self, e: &Expr<'_>) -> Result<(), CompileError> {
        self.visit_expr(e)?;
        self.op(Opcode::PopTop);
        Ok(())
    }

    /// `check_ann_subscr`: everything in a subscript is evaluated.
    fn check_ann_subscr(&mut self, e: &Expr<'_>) -> Result<(), CompileError> {
        match &e.kind {
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    self.check_ann_expr(part)?;
                }
                Ok(())
            }
            ExprKind::Tuple { elts, .. } => {
                for x in elts.iter() {
                    self.check_ann_subscr(x)?;
                }
                Ok(())
            }
            _ => self.check_ann_expr(e),
        }
    }

    /// `compiler_decorators`.
    fn decorators(&mut self, decos: &[Expr<'_>]) -> Result<(), CompileError> {
        for d in decos {
            self.visit_expr(d)?;
        }
        Ok(())
    }

    /// `compiler_apply_decorators`: innermost first, each call at its decorator's location.
    fn apply_decorators(&mut self, decos: &[Expr<'_>]) {
        let saved = self.loc();
        for d in decos.iter().rev() {
            self.set_loc(d.loc);
            self.op_i(Opcode::Precall, 0);
            self.op_i(Opcode::Call, 0);
        }
        self.restore_loc(saved);
    }

    /// `compiler_visit_argannotation`.
    fn arg_annotation(&mut self, id: &str, ann: Option<&Expr<'_>>, len: &mut u32) -> Result<(), CompileError> {
        let Some(ann) = ann else { return Ok(()) };
        let private = self.ur().private.clone();
        let mangled = crate::symtable::mangle(private.as_deref(), id);
        self.load_const(Constant::str(mangled.as_ref()));
        if self.future_annotations {
            self.annotation_value(ann)?;
        } else if let ExprKind::Starred { value, .. } = &ann.kind {
            self.visit_expr(value)?;
            self.op_i(Opcode::UnpackSequence, 1);
        } else {
            self.visit_expr(ann)?;
        }
        *len += 2;
        Ok(())
    }

    /// `compiler_visit_annotations`: pushes the (name, value, ...) tuple; returns whether there is one.
    fn annotations(&mut self, args: &ast::Arguments<'_>, returns: Option<&Expr<'_>>) -> Result<bool, CompileError> {
        let mut len = 0;
        for a in args.args.iter().chain(args.posonlyargs) {
            self.arg_annotation(a.arg, a.annotation, &mut len)?;
        }
        if let Some(a) = args.vararg {
            self.arg_annotation(a.arg, a.annotation, &mut len)?;
        }
        for a in args.kwonlyargs {
            self.arg_annotation(a.arg, a.annotation, &mut len)?;
        }
        if let Some(a) = args.kwarg {
            self.arg_annotation(a.arg, a.annotation, &mut len)?;
        }
        self.arg_annotation("return", returns, &mut len)?;
        if len > 0 {
            self.op_i(Opcode::BuildTuple, len);
        }
        Ok(len > 0)
    }

    /// `compiler_class`: the body becomes a function run by `__build_class__`.
    fn class_def(&mut self, s: &'a Stmt<'a>, c: &'a ast::ClassDef<'a>) -> Result<(), CompileError> {
        self.decorators(c.decorator_list)?;
        let firstlineno = c.decorator_list.first().map_or(s.loc.lineno, |d| d.loc.lineno);
        self.enter_scope(c.name, UnitKind::Class, s, firstlineno)?;
        self.u().private = Some(c.name.into());
        let r = (|| {
            self.nameop("__name__", ExprContext::Load)?;
            self.nameop("__module__", ExprContext::Store)?;
            let q = self.ur().qualname.clone();
            self.load_const(Constant::str(&q));
            self.nameop("__qualname__", ExprContext::Store)?;
            self.body(c.body)?;
            self.unset_loc();
            if self.st.scope(self.ur().scope).needs_class_closure {
                let i = self.ur().cellvars.get_index_of("__class__").unwrap_or(0);
                self.op_i(Opcode::LoadClosure, i as u32);
                self.op_i(Opcode::Copy, 1);
                self.nameop("__classcell__", ExprContext::Store)?;
            } else {
                self.load_const(Constant::None);
            }
            self.op(Opcode::ReturnValue);
            Ok(())
        })();
        if let Err(e) = r {
            self.units.pop();
            return Err(e);
        }
        let co = self.finish_unit()?;
        self.op(Opcode::PushNull);
        self.op(Opcode::LoadBuildClass);
        self.make_closure(co, 0)?;
        self.load_const(Constant::str(c.name));
        self.call_helper(2, c.bases, c.keywords)?;
        self.apply_decorators(c.decorator_list);
        self.nameop(c.name, ExprContext::Store)
    }

    /// `compiler_import`: `import a.b.c [as d]`.
    fn import(&mut self, names: &[ast::Alias<'_>]) -> Result<(), CompileError> {
        for alias in names {
            self.load_const(Constant::Int(0.into()));
            self.load_const(Constant::None);
            self.op_name(Opcode::ImportName, alias.name);
            match alias.asname {
                Some(asname) => self.import_as(alias.name, asname)?,
                None => {
                    let first = alias.name.split('.').next().unwrap_or(alias.name);
                    self.nameop(first, ExprContext::Store)?;
                }
            }
        }
        Ok(())
    }

    /// `compiler_import_as`: binds the last module of a dotted import to `asname`.
    fn import_as(&mut self, name: &str, asname: &str) -> Result<(), CompileError> {
        let mut parts = name.split('.');
        parts.next();
        let attrs: Vec<&str> = parts.collect();
        if attrs.is_empty() {
            return self.nameop(asname, ExprContext::Store);
        }
        for (i, attr) in attrs.iter().enumerate() {
            self.op_name_raw(Opcode::ImportFrom, attr);
            if i + 1 < attrs.len() {
                self.op_i(Opcode::Swap, 2);
                self.op(Opcode::PopTop);
            }
        }
        self.nameop(asname, ExprContext::Store)?;
        self.op(Opcode::PopTop);
        Ok(())
    }

    /// `compiler_default_arguments`: pushes the defaults tuple (and kw-defaults dict); returns MAKE_FUNCTION flags.
    pub(crate) fn default_arguments(&mut self, args: &ast::Arguments<'_>) -> Result<u32, CompileError> {
        let mut fflags = 0;
        if !args.defaults.is_empty() {
            for d in args.defaults {
                self.visit_expr(d)?;
            }
            self.op_i(Opcode::BuildTuple, args.defaults.len() as u32);
            fflags |= 0x01;
        }
        // compiler_visit_kwonlydefaults: the default values, then their (mangled) names as one constant tuple.
        let mut keys = Vec::new();
        for (arg, default) in args.kwonlyargs.iter().zip(args.kw_defaults) {
            if let Some(d) = default {
                let private = self.ur().private.clone();
                let mangled = crate::symtable::mangle(private.as_deref(), arg.arg);
                keys.push(Constant::str(mangled.as_ref()));
                self.visit_expr(d)?;
            }
        }
        if !keys.is_empty() {
            let n = keys.len() as u32;
            self.load_const(Constant::Tuple(keys.into()));
            self.op_i(Opcode::BuildConstKeyMap, n);
            fflags |= 0x02;
        }
        Ok(fflags)
    }

    /// `compiler_check_debug_args`.
    pub(crate) fn check_debug_args(&self, args: &ast::Arguments<'_>) -> Result<(), CompileError> {
        let all = args.posonlyargs.iter().chain(args.args).chain(args.vararg).chain(args.kwonlyargs).chain(args.kwarg);
        for a in all {
            if a.arg == "__debug__" {
                return Err(CompileError::syntax("cannot assign to __debug__", a.loc));
            }
        }
        Ok(())
    }

    /// `compiler_function` (without decorators' or annotations' support beyond evaluation order).
    fn function(&mut self, s: &'a Stmt<'a>, f: &'a ast::FunctionDef<'a>, is_async: bool) -> Result<(), CompileError> {
        self.check_debug_args(f.args)?;
        self.decorators(f.decorator_list)?;
        let firstlineno = f.decorator_list.first().map_or(s.loc.lineno, |d| d.loc.lineno);
        let mut fflags = self.default_arguments(f.args)?;
        if self.annotations(f.args, f.returns)? {
            fflags |= 0x04;
        }
        let kind = if is_async { UnitKind::AsyncFunction } else { UnitKind::Function };
        self.enter_scope(f.name, kind, s, firstlineno)?;
        let doc = if self.optimize < 2 { docstring(f.body) } else { None };
        self.add_const(match doc {
            Some(d) => Constant::Str(d.to_rc()),
            None => Constant::None,
        });
        {
            let u = self.u();
            u.argcount = f.args.args.len() as u32;
            u.posonlyargcount = f.args.posonlyargs.len() as u32;
            u.kwonlyargcount = f.args.kwonlyargs.len() as u32;
        }
        let body = if doc.is_some() { &f.body[1..] } else { f.body };
        let result = self.visit_stmts(body);
        if let Err(e) = result {
            self.units.pop();
            return Err(e);
        }
        let co = self.finish_unit()?;
        self.make_closure(co, fflags)?;
        self.apply_decorators(f.decorator_list);
        self.nameop(f.name, ExprContext::Store)
    }
}
