//! Codegen for calls: the LOAD_METHOD form, PUSH_NULL + PRECALL/CALL with KW_NAMES, and CALL_FUNCTION_EX with its
//! argument tuple and keyword dict (`compiler_call`, `maybe_optimize_method_call`, `compiler_call_helper`).

use pyfront::ast::{Expr, ExprContext, ExprKind, Keyword};

use super::expr::Collection;
use super::{Compiler, STACK_USE_GUIDELINE};
use crate::code::Constant;
use crate::error::CompileError;
use crate::opcode::Opcode;
use crate::symtable::def;

impl Compiler<'_, '_, '_> {
    /// `validate_keywords`: no keyword may be given twice.
    fn validate_keywords(&mut self, keywords: &[Keyword<'_>]) -> Result<(), CompileError> {
        for (i, k) in keywords.iter().enumerate() {
            let Some(name) = k.arg else { continue };
            if name == "__debug__" {
                return Err(self.error("cannot assign to __debug__"));
            }
            for other in &keywords[i + 1..] {
                if other.arg == Some(name) {
                    self.set_loc(other.loc);
                    return Err(self.error(format!("keyword argument repeated: {name}")));
                }
            }
        }
        Ok(())
    }

    /// `compiler_call`.
    pub(crate) fn call(
        &mut self,
        e: &Expr<'_>,
        func: &Expr<'_>,
        args: &[Expr<'_>],
        keywords: &[Keyword<'_>],
    ) -> Result<(), CompileError> {
        self.validate_keywords(keywords)?;
        if self.maybe_method_call(e, func, args, keywords)? {
            return Ok(());
        }
        self.set_loc(func.loc);
        self.op(Opcode::PushNull);
        self.set_loc(e.loc);
        self.visit_expr(func)?;
        self.call_helper(0, args, keywords)
    }

    /// Whether `e` is a Name the module binds by import (`is_import_originated`: only the module block is checked).
    fn is_import_originated(&self, e: &Expr<'_>) -> bool {
        match e.kind {
            ExprKind::Name { id, .. } => self.st.scope(self.st.top()).flags(id) & def::IMPORT != 0,
            _ => false,
        }
    }

    /// `maybe_optimize_method_call`: `obj.m(args)` as LOAD_METHOD + PRECALL/CALL, when allowed. Returns whether it
    /// compiled the call.
    fn maybe_method_call(
        &mut self,
        e: &Expr<'_>,
        meth: &Expr<'_>,
        args: &[Expr<'_>],
        keywords: &[Keyword<'_>],
    ) -> Result<bool, CompileError> {
        let ExprKind::Attribute { value, attr, ctx: ExprContext::Load } = &meth.kind else {
            return Ok(false);
        };
        if self.is_import_originated(value) {
            return Ok(false);
        }
        let (argsl, kwdsl) = (args.len(), keywords.len());
        if argsl + kwdsl + usize::from(kwdsl != 0) >= STACK_USE_GUIDELINE {
            return Ok(false);
        }
        if args.iter().any(|a| matches!(a.kind, ExprKind::Starred { .. })) || keywords.iter().any(|k| k.arg.is_none()) {
            return Ok(false);
        }
        self.visit_expr(value)?;
        self.set_loc(meth.loc);
        self.update_start_location_to_match_attr(meth);
        self.op_name(Opcode::LoadMethod, attr);
        for a in args {
            self.visit_expr(a)?;
        }
        if kwdsl > 0 {
            for k in keywords {
                self.visit_expr(k.value)?;
            }
            self.kw_names(keywords);
        }
        self.set_loc(e.loc);
        self.update_start_location_to_match_attr(meth);
        let n = (argsl + kwdsl) as u32;
        self.op_i(Opcode::Precall, n);
        self.op_i(Opcode::Call, n);
        Ok(true)
    }

    /// `compiler_call_simple_kw_helper`: KW_NAMES with the tuple of keyword names.
    fn kw_names(&mut self, keywords: &[Keyword<'_>]) {
        let names: Vec<Constant> = keywords.iter().map(|k| Constant::str(k.arg.unwrap_or_default())).collect();
        let i = self.add_const(Constant::Tuple(names.into()));
        self.op_i(Opcode::KwNames, i);
    }

    /// `compiler_call_helper`: the arguments after the callable (and `n` already pushed), then the call.
    pub(crate) fn call_helper(
        &mut self,
        n: u32,
        args: &[Expr<'_>],
        keywords: &[Keyword<'_>],
    ) -> Result<(), CompileError> {
        self.validate_keywords(keywords)?;
        let (nelts, nkwelts) = (args.len(), keywords.len());
        let simple = nelts + nkwelts * 2 <= STACK_USE_GUIDELINE
            && !args.iter().any(|a| matches!(a.kind, ExprKind::Starred { .. }))
            && keywords.iter().all(|k| k.arg.is_some());
        if simple {
            for a in args {
                self.visit_expr(a)?;
            }
            if nkwelts > 0 {
                for k in keywords {
                    self.visit_expr(k.value)?;
                }
                self.kw_names(keywords);
            }
            let total = n + (nelts + nkwelts) as u32;
            self.op_i(Opcode::Precall, total);
            self.op_i(Opcode::Call, total);
            return Ok(());
        }
        // CALL_FUNCTION_EX: positional arguments as one tuple (a lone `*x` is passed as is).
        match args {
            [Expr { kind: ExprKind::Starred { value, .. }, .. }] if n == 0 => self.visit_expr(value)?,
            _ => self.starunpack(args, n, Collection::Tuple)?,
        }
        if nkwelts > 0 {
            let mut have_dict = false;
            let mut nseen = 0;
            for (i, k) in keywords.iter().enumerate() {
                if k.arg.is_none() {
                    if nseen > 0 {
                        self.subkwargs(&keywords[i - nseen..i])?;
                        if have_dict {
                            self.op_i(Opcode::DictMerge, 1);
                        }
                        have_dict = true;
                        nseen = 0;
                    }
                    if !have_dict {
                        self.op_i(Opcode::BuildMap, 0);
                        have_dict = true;
                    }
                    self.visit_expr(k.value)?;
                    self.op_i(Opcode::DictMerge, 1);
                } else {
                    nseen += 1;
                }
            }
            if nseen > 0 {
                self.subkwargs(&keywords[nkwelts - nseen..])?;
                if have_dict {
                    self.op_i(Opcode::DictMerge, 1);
                }
            }
        }
        self.op_i(Opcode::CallFunctionEx, u32::from(nkwelts > 0));
        Ok(())
    }

    /// `compiler_subkwargs`: a dict of named keyword arguments.
    fn subkwargs(&mut self, kws: &[Keyword<'_>]) -> Result<(), CompileError> {
        let n = kws.len();
        let big = n * 2 > STACK_USE_GUIDELINE;
        if n > 1 && !big {
            for k in kws {
                self.visit_expr(k.value)?;
            }
            let names: Vec<Constant> = kws.iter().map(|k| Constant::str(k.arg.unwrap_or_default())).collect();
            self.load_const(Constant::Tuple(names.into()));
            self.op_i(Opcode::BuildConstKeyMap, n as u32);
            return Ok(());
        }
        if big {
            self.op_i_noline(Opcode::BuildMap, 0);
        }
        for k in kws {
            self.load_const(Constant::str(k.arg.unwrap_or_default()));
            self.visit_expr(k.value)?;
            if big {
                self.op_i_noline(Opcode::MapAdd, 1);
            }
        }
        if !big {
            self.op_i(Opcode::BuildMap, n as u32);
        }
        Ok(())
    }
}
