//! Codegen: the AST of one module to a CFG per code unit (the first part of CPython 3.11's `Python/compile.c`).
//!
//! A [`Compiler`] walks the AST with the module's [`SymbolTable`], keeping a stack of [`Unit`]s (one per module,
//! function, lambda and comprehension being compiled). Each unit owns its CFG (blocks of instructions carrying
//! CPython's locations), its constants, names and local variable tables. When a nested unit is finished it is
//! assembled at once (as CPython does) and its code object becomes a constant of the enclosing unit.
//!
//! Files: `codegen/stmt.rs` (statements), `codegen/expr.rs` (expressions, collections, comprehensions),
//! `codegen/call.rs` (calls and keyword arguments), `codegen/pattern.rs` (`match` and its patterns).

mod call;
mod expr;
mod pattern;
pub use expr::binary_oparg;
mod stmt;
mod unparse;

use std::rc::Rc;

use indexmap::IndexSet;
use num_bigint::{BigInt, BigUint, Sign};
use pyfront::ast::{self, Expr, ExprContext, ExprKind, Stmt, StmtKind};
use pyfront::wtf8::Wtf8;

use crate::assemble::CodeUnitInfo;
use crate::code::{CodeObject, Constant, flags};
use crate::consts::{ConstCache, ConstPool, SharedConstCache};
use crate::error::CompileError;
use crate::flowgraph::{BlockId, Cfg, InstrOp, Location};
use crate::opcode::Opcode;
use crate::symtable::{BlockKind, NameScope, ScopeId, SymbolTable, def, mangle};

/// CPython's `STACK_USE_GUIDELINE`: above this many stack items, collections and calls are built incrementally.
pub(crate) const STACK_USE_GUIDELINE: usize = 30;

/// The kind of code unit (`COMPILER_SCOPE_*`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum UnitKind {
    Module,
    Class,
    Function,
    AsyncFunction,
    Lambda,
    Comprehension,
}

/// The loop or handler blocks enclosing the current statement (`fblockinfo`), for break/continue/return.
#[derive(Clone, Copy, Debug)]
pub(crate) enum FBlock<'a> {
    WhileLoop {
        start: BlockId,
        exit: BlockId,
    },
    ForLoop {
        start: BlockId,
        exit: BlockId,
    },
    TryExcept,
    /// The body of `try ... finally`: unwinding compiles the final body again.
    FinallyTry {
        finalbody: &'a [Stmt<'a>],
    },
    FinallyEnd,
    /// A `with` body; the location is the statement's, for the `__exit__` call.
    With {
        loc: ast::Loc,
        is_async: bool,
    },
    /// An except handler body, with the `as` name to clear.
    HandlerCleanup {
        name: Option<&'a str>,
    },
    PopValue,
    ExceptionHandler,
    ExceptionGroupHandler,
    AsyncComprehensionGenerator,
}

/// CPython's limit on statically nested blocks (`CO_MAXBLOCKS`).
const MAX_FBLOCKS: usize = 20;

/// One code unit being compiled (`compiler_unit`).
pub(crate) struct Unit<'a> {
    pub(crate) scope: ScopeId,
    pub(crate) kind: UnitKind,
    pub(crate) name: Rc<str>,
    pub(crate) qualname: Rc<str>,
    pub(crate) cfg: Cfg,
    pub(crate) consts: ConstPool,
    pub(crate) names: IndexSet<Rc<str>>,
    pub(crate) varnames: IndexSet<Rc<str>>,
    pub(crate) cellvars: IndexSet<Rc<str>>,
    pub(crate) freevars: IndexSet<Rc<str>>,
    pub(crate) argcount: u32,
    pub(crate) posonlyargcount: u32,
    pub(crate) kwonlyargcount: u32,
    pub(crate) firstlineno: u32,
    /// The location given to the next instruction (`u_lineno`, ...).
    pub(crate) loc: Location,
    pub(crate) fblocks: Vec<FBlock<'a>>,
    pub(crate) private: Option<Rc<str>>,
}

/// What [`Compiler::finish_unit`] hands to the assembler, and gets back.
pub type AssembleFn<'o> = dyn Fn(Cfg, CodeUnitInfo) -> Result<CodeObject, CompileError> + 'o;

/// The code generator for one module.
pub struct Compiler<'s, 'o, 'a> {
    pub(crate) st: &'s SymbolTable,
    pub(crate) units: Vec<Unit<'a>>,
    pub(crate) filename: Rc<str>,
    /// `-O` level: 2 drops docstrings.
    pub(crate) optimize: u8,
    pub(crate) interactive: bool,
    /// Compiling an `Expression` module (`eval` mode).
    pub(crate) eval_mode: bool,
    /// `from __future__ import annotations` is in effect.
    pub future_annotations: bool,
    /// The line of the last `from __future__` import at the top of the module (`ff_lineno`).
    pub future_lineno: u32,
    /// The `CO_FUTURE_*` flags every code object of the compilation carries.
    pub future_flags: u32,
    /// `c_const_cache`: constants are merged across all units of the compilation.
    const_cache: SharedConstCache,
    assemble: &'o AssembleFn<'o>,
}

/// The AST constant as a code-object constant.
pub(crate) fn constant_of(c: &ast::Constant<'_>) -> Constant {
    match c {
        ast::Constant::None => Constant::None,
        ast::Constant::Bool(true) => Constant::True,
        ast::Constant::Bool(false) => Constant::False,
        ast::Constant::Ellipsis => Constant::Ellipsis,
        ast::Constant::Int(ast::Int::Small(v)) => Constant::Int(BigInt::from(*v)),
        ast::Constant::Int(ast::Int::Big { negative, magnitude }) => {
            let sign = if *negative { Sign::Minus } else { Sign::Plus };
            Constant::Int(BigInt::from_biguint(sign, BigUint::new(magnitude.to_vec())))
        }
        ast::Constant::Float(f) => Constant::Float(*f),
        ast::Constant::Complex { real, imag } => Constant::Complex { re: *real, im: *imag },
        ast::Constant::Str(s) => Constant::Str(s.to_rc()),
        ast::Constant::Bytes(b) => Constant::Bytes(Rc::from(*b)),
        ast::Constant::Tuple(items) => Constant::Tuple(items.iter().map(constant_of).collect()),
        ast::Constant::FrozenSet(items) => Constant::FrozenSet(items.iter().map(constant_of).collect()),
    }
}

/// `_PyAST_GetDocString`: the first statement, if it is an expression statement holding a str constant.
pub(crate) fn docstring<'a>(body: &[Stmt<'a>]) -> Option<&'a Wtf8> {
    match body.first()?.kind {
        StmtKind::Expr { value } => match value.kind {
            ExprKind::Constant { value: ast::Constant::Str(s), .. } => Some(s),
            _ => None,
        },
        _ => None,
    }
}

impl<'s, 'o, 'a> Compiler<'s, 'o, 'a> {
    pub fn new(
        st: &'s SymbolTable,
        filename: &str,
        optimize: u8,
        assemble: &'o AssembleFn<'o>,
    ) -> Compiler<'s, 'o, 'a> {
        Compiler {
            st,
            units: Vec::new(),
            filename: Rc::from(filename),
            optimize,
            interactive: false,
            eval_mode: false,
            future_annotations: false,
            future_lineno: 0,
            future_flags: 0,
            const_cache: ConstCache::new_shared(),
            assemble,
        }
    }

    pub(crate) fn u(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().expect("a unit is always entered before codegen")
    }

    pub(crate) fn ur(&self) -> &Unit<'a> {
        self.units.last().expect("a unit is always entered before codegen")
    }

    pub(crate) fn scope_kind(&self) -> BlockKind {
        self.st.scope(self.ur().scope).kind
    }

    // ---- locations ----

    pub(crate) fn set_loc(&mut self, l: ast::Loc) {
        self.u().loc = Location::from(l);
    }

    pub(crate) fn unset_loc(&mut self) {
        self.u().loc = Location::NONE;
    }

    pub(crate) fn loc(&self) -> Location {
        self.ur().loc
    }

    pub(crate) fn restore_loc(&mut self, l: Location) {
        self.u().loc = l;
    }

    /// `update_start_location_to_match_attr`: a multi-line attribute's instruction starts at the attribute name.
    pub(crate) fn update_start_location_to_match_attr(&mut self, attr: &Expr<'_>) {
        let ExprKind::Attribute { attr: name, .. } = attr.kind else { return };
        let u = self.u();
        let end_lineno = attr.loc.end_lineno as i32;
        if u.loc.lineno != end_lineno {
            u.loc.lineno = end_lineno;
            // CPython measures the name in code points, while columns are UTF-8 byte offsets.
            let len = name.chars().count() as i32;
            let end_col = attr.loc.end_col_offset as i32;
            if len <= end_col {
                u.loc.col = end_col - len;
            } else {
                u.loc.col = -1;
                u.loc.end_col = -1;
            }
            u.loc.end_lineno = u.loc.lineno.max(u.loc.end_lineno);
            if u.loc.lineno == u.loc.end_lineno {
                u.loc.end_col = u.loc.col.max(u.loc.end_col);
            }
        }
    }

    // ---- emission ----

    pub(crate) fn new_block(&mut self) -> BlockId {
        self.u().cfg.new_block()
    }

    pub(crate) fn use_next_block(&mut self, b: BlockId) {
        self.u().cfg.use_next_block(b);
    }

    fn add_instr(&mut self, op: InstrOp, arg: u32, target: Option<BlockId>, loc: Location) {
        let cfg = &mut self.u().cfg;
        match target {
            Some(t) => cfg.emit_jump(op, t, loc),
            None => cfg.emit(op, arg, loc),
        }
    }

    /// An instruction without argument at the current location.
    pub(crate) fn op(&mut self, op: Opcode) {
        let loc = self.loc();
        self.add_instr(InstrOp::Real(op), 0, None, loc);
    }

    pub(crate) fn op_i(&mut self, op: Opcode, arg: u32) {
        let loc = self.loc();
        self.add_instr(InstrOp::Real(op), arg, None, loc);
    }

    /// A pseudo-op without target (POP_BLOCK) at the current location.
    pub(crate) fn pseudo(&mut self, op: crate::flowgraph::Pseudo) {
        let loc = self.loc();
        self.add_instr(InstrOp::Pseudo(op), 0, None, loc);
    }

    pub(crate) fn pseudo_noline(&mut self, op: crate::flowgraph::Pseudo) {
        self.add_instr(InstrOp::Pseudo(op), 0, None, Location::NO_LINE);
    }

    pub(crate) fn op_i_noline(&mut self, op: Opcode, arg: u32) {
        self.add_instr(InstrOp::Real(op), arg, None, Location::NO_LINE);
    }

    /// A jump (real or pseudo) to `target` at the current location.
    pub(crate) fn jump(&mut self, op: InstrOp, target: BlockId) {
        let loc = self.loc();
        self.add_instr(op, 0, Some(target), loc);
    }

    pub(crate) fn jump_noline(&mut self, op: InstrOp, target: BlockId) {
        self.add_instr(op, 0, Some(target), Location::NO_LINE);
    }

    pub(crate) fn add_const(&mut self, c: Constant) -> u32 {
        self.u().consts.add(c).as_u32()
    }

    pub(crate) fn load_const(&mut self, c: Constant) {
        let i = self.add_const(c);
        self.op_i(Opcode::LoadConst, i);
    }

    fn add_name(&mut self, name: &str) -> u32 {
        let names = &mut self.u().names;
        match names.get_index_of(name) {
            Some(i) => i as u32,
            None => names.insert_full(Rc::from(name)).0 as u32,
        }
    }

    /// `ADDOP_NAME`: an instruction whose argument indexes `co_names`, after mangling.
    pub(crate) fn op_name(&mut self, op: Opcode, name: &str) {
        let private = self.ur().private.clone();
        let mangled = mangle(private.as_deref(), name);
        let i = self.add_name(&mangled);
        self.op_i(op, i);
    }

    /// `ADDOP_N` on names: no mangling (IMPORT_FROM).
    pub(crate) fn op_name_raw(&mut self, op: Opcode, name: &str) {
        let i = self.add_name(name);
        self.op_i(op, i);
    }

    pub(crate) fn error(&self, msg: impl Into<String>) -> CompileError {
        let l = self.loc();
        CompileError::Syntax(crate::error::SyntaxError {
            msg: msg.into(),
            lineno: l.lineno.max(0) as u32,
            offset: (l.col + 1).max(0) as u32,
            end_lineno: l.end_lineno.max(0) as u32,
            end_offset: (l.end_col + 1).max(0) as u32,
        })
    }

    // ---- scopes ----

    /// `compiler_enter_scope`: pushes a unit for the block created for `key` and emits its RESUME.
    pub(crate) fn enter_scope<T>(
        &mut self,
        name: &str,
        kind: UnitKind,
        key: &T,
        lineno: u32,
    ) -> Result<(), CompileError> {
        let scope_id = self
            .st
            .scope_of_node(key)
            .ok_or_else(|| CompileError::system(format!("unknown symbol table entry for {name}")))?;
        let scope = self.st.scope(scope_id);
        let varnames: IndexSet<Rc<str>> = scope.params.iter().map(|p| Rc::from(p.as_str())).collect();
        let mut cellvars: IndexSet<Rc<str>> =
            scope.sorted_names(NameScope::Cell, 0).into_iter().map(|n| Rc::from(n.as_str())).collect();
        if scope.needs_class_closure {
            cellvars.insert(Rc::from("__class__"));
        }
        let freevars: IndexSet<Rc<str>> =
            scope.sorted_names(NameScope::Free, def::FREE_CLASS).into_iter().map(|n| Rc::from(n.as_str())).collect();
        let private = self.units.last().and_then(|u| u.private.clone());
        let l = lineno as i32;
        let mut unit = Unit {
            scope: scope_id,
            kind,
            name: Rc::from(name),
            qualname: Rc::from(name),
            cfg: Cfg::new(),
            consts: ConstPool::new(&self.const_cache),
            names: IndexSet::new(),
            varnames,
            cellvars,
            freevars,
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            firstlineno: lineno,
            loc: Location::new(l, l, 0, 0),
            fblocks: Vec::new(),
            private,
        };
        if kind == UnitKind::Module {
            unit.loc.lineno = 0;
        } else {
            unit.qualname = self.qualname_for(&unit)?;
        }
        self.units.push(unit);
        self.op_i(Opcode::Resume, 0);
        if kind == UnitKind::Module {
            self.u().loc.lineno = -1;
        }
        Ok(())
    }

    /// `compiler_set_qualname`.
    fn qualname_for(&self, unit: &Unit<'_>) -> Result<Rc<str>, CompileError> {
        let Some(parent) = self.units.last() else { return Ok(unit.name.clone()) };
        let mut force_global = false;
        if matches!(unit.kind, UnitKind::Function | UnitKind::AsyncFunction | UnitKind::Class) {
            let mangled = mangle(parent.private.as_deref(), &unit.name);
            if self.st.scope(parent.scope).name_scope(&mangled) == Some(NameScope::GlobalExplicit) {
                force_global = true;
            }
        }
        if force_global {
            return Ok(unit.name.clone());
        }
        let base = if matches!(parent.kind, UnitKind::Function | UnitKind::AsyncFunction | UnitKind::Lambda) {
            format!("{}.<locals>", parent.qualname)
        } else if parent.kind == UnitKind::Module {
            // The module has no qualname prefix: CPython only concatenates when there is a parent unit on the
            // stack, and the module unit is the bottom of that stack.
            return Ok(unit.name.clone());
        } else {
            parent.qualname.to_string()
        };
        Ok(Rc::from(format!("{base}.{}", unit.name)))
    }

    /// `compute_code_flags`.
    fn code_flags(&self, unit: &Unit<'_>) -> u32 {
        let ste = self.st.scope(unit.scope);
        let mut f = self.future_flags;
        if ste.kind == BlockKind::Function {
            f |= flags::NEWLOCALS | flags::OPTIMIZED;
            if ste.nested {
                f |= flags::NESTED;
            }
            match (ste.generator, ste.coroutine) {
                (true, false) => f |= flags::GENERATOR,
                (false, true) => f |= flags::COROUTINE,
                (true, true) => f |= flags::ASYNC_GENERATOR,
                (false, false) => {}
            }
            if ste.varargs {
                f |= flags::VARARGS;
            }
            if ste.varkeywords {
                f |= flags::VARKEYWORDS;
            }
        }
        f
    }

    /// Pops the current unit and assembles it (`assemble()` then `compiler_exit_scope`).
    pub(crate) fn finish_unit(&mut self) -> Result<Rc<CodeObject>, CompileError> {
        let unit = self.units.pop().ok_or_else(|| CompileError::system("no unit to finish"))?;
        let ste = self.st.scope(unit.scope);
        let info = CodeUnitInfo {
            flags: self.code_flags(&unit),
            name: unit.name,
            qualname: unit.qualname,
            filename: self.filename.clone(),
            argcount: unit.argcount,
            posonlyargcount: unit.posonlyargcount,
            kwonlyargcount: unit.kwonlyargcount,
            firstlineno: unit.firstlineno as i32,
            consts: unit.consts,
            names: unit.names,
            varnames: unit.varnames,
            cellvars: unit.cellvars,
            freevars: unit.freevars,
            // Eval mode and generator lambdas return their body's value instead.
            implicit_return_none: (unit.kind != UnitKind::Module || !self.eval_mode)
                && !(unit.kind == UnitKind::Lambda && ste.generator),
        };
        (self.assemble)(unit.cfg, info).map(Rc::new)
    }

    // ---- names ----

    /// `compiler_nameop`: load, store or delete a variable with the opcode its scope calls for.
    pub(crate) fn nameop(&mut self, name: &str, ctx: ExprContext) -> Result<(), CompileError> {
        if name == "__debug__" {
            match ctx {
                ExprContext::Store => return Err(self.error("cannot assign to __debug__")),
                ExprContext::Del => return Err(self.error("cannot delete __debug__")),
                ExprContext::Load => {}
            }
        }
        let private = self.ur().private.clone();
        let mangled = mangle(private.as_deref(), name).into_owned();
        let ste = self.st.scope(self.ur().scope);
        let is_function = ste.kind == BlockKind::Function;
        enum Kind {
            Fast,
            Global,
            Deref(u32),
            Name,
        }
        let kind = match ste.name_scope(&mangled) {
            Some(NameScope::Free) => {
                let u = self.ur();
                let i = u.freevars.get_index_of(mangled.as_str()).unwrap_or(0) + u.cellvars.len();
                Kind::Deref(i as u32)
            }
            Some(NameScope::Cell) => Kind::Deref(self.ur().cellvars.get_index_of(mangled.as_str()).unwrap_or(0) as u32),
            Some(NameScope::Local) if is_function => Kind::Fast,
            Some(NameScope::GlobalImplicit) if is_function => Kind::Global,
            Some(NameScope::GlobalExplicit) => Kind::Global,
            _ => Kind::Name,
        };
        match kind {
            Kind::Fast => {
                let op = match ctx {
                    ExprContext::Load => Opcode::LoadFast,
                    ExprContext::Store => Opcode::StoreFast,
                    ExprContext::Del => Opcode::DeleteFast,
                };
                let vars = &mut self.u().varnames;
                let i = match vars.get_index_of(mangled.as_str()) {
                    Some(i) => i,
                    None => vars.insert_full(Rc::from(mangled.as_str())).0,
                };
                self.op_i(op, i as u32);
            }
            Kind::Deref(i) => {
                let op = match ctx {
                    ExprContext::Load if ste.kind == BlockKind::Class => Opcode::LoadClassderef,
                    ExprContext::Load => Opcode::LoadDeref,
                    ExprContext::Store => Opcode::StoreDeref,
                    ExprContext::Del => Opcode::DeleteDeref,
                };
                self.op_i(op, i);
            }
            Kind::Global => {
                let i = self.add_name(&mangled);
                match ctx {
                    ExprContext::Load => self.op_i(Opcode::LoadGlobal, i << 1),
                    ExprContext::Store => self.op_i(Opcode::StoreGlobal, i),
                    ExprContext::Del => self.op_i(Opcode::DeleteGlobal, i),
                }
            }
            Kind::Name => {
                let i = self.add_name(&mangled);
                let op = match ctx {
                    ExprContext::Load => Opcode::LoadName,
                    ExprContext::Store => Opcode::StoreName,
                    ExprContext::Del => Opcode::DeleteName,
                };
                self.op_i(op, i);
            }
        }
        Ok(())
    }

    /// `compiler_make_closure`: pushes the function object for `co`.
    pub(crate) fn make_closure(&mut self, co: Rc<CodeObject>, mut fflags: u32) -> Result<(), CompileError> {
        let frees = co.freevars();
        if !frees.is_empty() {
            for name in &frees {
                let u = self.ur();
                let is_cell = (u.kind == UnitKind::Class && &**name == "__class__")
                    || self.st.scope(u.scope).name_scope(name) == Some(NameScope::Cell);
                let arg = if is_cell {
                    u.cellvars.get_index_of(&**name)
                } else {
                    u.freevars.get_index_of(&**name).map(|i| i + u.cellvars.len())
                };
                let Some(arg) = arg else {
                    return Err(CompileError::system(format!(
                        "compiler_lookup_arg(name='{name}') failed in {}",
                        self.ur().name
                    )));
                };
                self.op_i(Opcode::LoadClosure, arg as u32);
            }
            fflags |= 0x08;
            self.op_i(Opcode::BuildTuple, frees.len() as u32);
        }
        self.load_const(Constant::Code(co));
        self.op_i(Opcode::MakeFunction, fflags);
        Ok(())
    }

    /// `compiler_push_fblock`.
    pub(crate) fn push_fblock(&mut self, fb: FBlock<'a>) -> Result<(), CompileError> {
        if self.ur().fblocks.len() >= MAX_FBLOCKS {
            return Err(self.error("too many statically nested blocks"));
        }
        self.u().fblocks.push(fb);
        Ok(())
    }

    pub(crate) fn pop_fblock(&mut self) {
        self.u().fblocks.pop();
    }

    /// Compiles the module: `compiler_mod`.
    pub fn compile_mod(&mut self, module: &'a ast::Mod<'a>) -> Result<Rc<CodeObject>, CompileError> {
        self.enter_scope("<module>", UnitKind::Module, module, 1)?;
        self.u().loc.lineno = 1;
        match module {
            ast::Mod::Module { body, .. } => self.body(body)?,
            ast::Mod::Interactive { body } => {
                self.interactive = true;
                for s in body.iter() {
                    self.visit_stmt(s)?;
                }
            }
            ast::Mod::Expression { body } => {
                self.eval_mode = true;
                self.visit_expr(body)?;
            }
            ast::Mod::FunctionType { .. } => {
                return Err(CompileError::system("module kind FunctionType should not be possible"));
            }
        }
        self.finish_unit()
    }

    /// `compiler_body`: a module body with its docstring.
    pub(crate) fn body(&mut self, stmts: &'a [Stmt<'a>]) -> Result<(), CompileError> {
        if self.ur().kind == UnitKind::Module
            && let Some(first) = stmts.first()
        {
            self.set_loc(first.loc);
        }
        if stmts.iter().any(stmt::has_annotations) {
            self.op(Opcode::SetupAnnotations);
        }
        let mut rest = stmts;
        if self.optimize < 2
            && docstring(stmts).is_some()
            && let StmtKind::Expr { value } = &stmts[0].kind
        {
            self.visit_expr(value)?;
            self.unset_loc();
            self.nameop("__doc__", ExprContext::Store)?;
            rest = &stmts[1..];
        }
        for s in rest {
            self.visit_stmt(s)?;
        }
        Ok(())
    }
}
