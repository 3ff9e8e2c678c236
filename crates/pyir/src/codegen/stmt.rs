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

impl Compiler<'_, '_> {
    pub(crate) fn visit_stmts(&mut self, body: &[Stmt<'_>]) -> Result<(), CompileError> {
        for s in body {
            self.visit_stmt(s)?;
        }
        Ok(())
    }

    /// `compiler_visit_stmt`: every statement first sets the location to its own span.
    pub(crate) fn visit_stmt(&mut self, s: &Stmt<'_>) -> Result<(), CompileError> {
        self.set_loc(s.loc);
        match &s.kind {
            StmtKind::FunctionDef(f) => self.function(s, f, false),
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
            StmtKind::AsyncFunctionDef(_) => Err(CompileError::unsupported("async def", s.loc)),
            StmtKind::ClassDef(_) => Err(CompileError::unsupported("class definition", s.loc)),
            StmtKind::AnnAssign { .. } => Err(CompileError::unsupported("annotated assignment", s.loc)),
            StmtKind::AsyncFor(_) => Err(CompileError::unsupported("async for", s.loc)),
            StmtKind::With(_) | StmtKind::AsyncWith(_) => Err(CompileError::unsupported("with statement", s.loc)),
            StmtKind::Match { .. } => Err(CompileError::unsupported("match statement", s.loc)),
            StmtKind::Try(_) | StmtKind::TryStar(_) => Err(CompileError::unsupported("try statement", s.loc)),
            StmtKind::Assert { .. } => Err(CompileError::unsupported("assert statement", s.loc)),
            StmtKind::ImportFrom { .. } => Err(CompileError::unsupported("from-import", s.loc)),
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
    fn if_stmt(&mut self, test: &Expr<'_>, body: &[Stmt<'_>], orelse: &[Stmt<'_>]) -> Result<(), CompileError> {
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
    fn for_stmt(&mut self, f: &ast::For<'_>) -> Result<(), CompileError> {
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
        s: &Stmt<'_>,
        test: &Expr<'_>,
        body: &[Stmt<'_>],
        orelse: &[Stmt<'_>],
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
    fn return_stmt(&mut self, s: &Stmt<'_>, value: Option<&Expr<'_>>) -> Result<(), CompileError> {
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

    /// `compiler_unwind_fblock_stack`: the code that leaves every enclosing block, or up to the innermost loop
    /// when `to_loop`. Returns that loop.
    fn unwind_fblock_stack(&mut self, preserve_tos: bool, to_loop: bool) -> Result<Option<FBlock>, CompileError> {
        for i in (0..self.ur().fblocks.len()).rev() {
            let fb = self.ur().fblocks[i];
            if to_loop {
                return Ok(Some(fb));
            }
            match fb {
                FBlock::WhileLoop { .. } => {}
                FBlock::ForLoop { .. } => {
                    // Pop the iterator (keeping the return value on top).
                    if preserve_tos {
                        self.op_i(Opcode::Swap, 2);
                    }
                    self.op(Opcode::PopTop);
                }
            }
        }
        Ok(None)
    }

    /// `compiler_break`.
    fn break_stmt(&mut self) -> Result<(), CompileError> {
        self.op(Opcode::Nop);
        match self.unwind_fblock_stack(false, true)? {
            Some(FBlock::ForLoop { exit, .. }) => {
                self.op(Opcode::PopTop);
                self.jump(InstrOp::Pseudo(Pseudo::Jump), exit);
            }
            Some(FBlock::WhileLoop { exit, .. }) => self.jump(InstrOp::Pseudo(Pseudo::Jump), exit),
            None => return Err(self.error("'break' outside loop")),
        }
        Ok(())
    }

    /// `compiler_continue`.
    fn continue_stmt(&mut self) -> Result<(), CompileError> {
        self.op(Opcode::Nop);
        match self.unwind_fblock_stack(false, true)? {
            Some(FBlock::ForLoop { start, .. } | FBlock::WhileLoop { start, .. }) => {
                self.jump(InstrOp::Pseudo(Pseudo::Jump), start)
            }
            None => return Err(self.error("'continue' not properly in loop")),
        }
        Ok(())
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
                keys.push(Constant::Str(mangled.as_ref().into()));
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
    fn function(&mut self, s: &Stmt<'_>, f: &ast::FunctionDef<'_>, is_async: bool) -> Result<(), CompileError> {
        self.check_debug_args(f.args)?;
        if !f.decorator_list.is_empty() {
            return Err(CompileError::unsupported("decorators", s.loc));
        }
        let has_annotations = f.returns.is_some()
            || f.args.posonlyargs.iter().chain(f.args.args).chain(f.args.kwonlyargs).any(|a| a.annotation.is_some())
            || f.args.vararg.is_some_and(|a| a.annotation.is_some())
            || f.args.kwarg.is_some_and(|a| a.annotation.is_some());
        if has_annotations {
            return Err(CompileError::unsupported("annotations", s.loc));
        }
        let firstlineno = s.loc.lineno;
        let fflags = self.default_arguments(f.args)?;
        let kind = if is_async { UnitKind::AsyncFunction } else { UnitKind::Function };
        self.enter_scope(f.name, kind, s, firstlineno)?;
        let doc = if self.optimize < 2 { docstring(f.body) } else { None };
        self.add_const(match doc {
            Some(d) => Constant::Str(d.into()),
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
        self.nameop(f.name, ExprContext::Store)
    }
}
