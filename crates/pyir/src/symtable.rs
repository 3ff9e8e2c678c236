//! The symbol table: which scope every name of every block lives in (CPython 3.11's `Python/symtable.c`).
//!
//! Two passes, as in CPython. The first walks the AST and records raw facts per block (the name is a parameter, is
//! assigned, is used, is declared `global`), creating one [`Scope`] per module, function, lambda, comprehension and
//! class body. The second ([`analyze`]) decides each name's [`NameScope`]: local, global (explicit or implicit), free
//! or cell. Codegen then asks [`SymbolTable::scope_of_node`] for the block of a `def`, `lambda` or comprehension,
//! keyed, as CPython keys it, by the address of the AST node (the arena keeps nodes in place while both live).

use std::borrow::Cow;

use indexmap::IndexMap;
use pyfront::ast::{self, Expr, ExprKind, Loc, Mod, Pattern, PatternKind, Stmt, StmtKind};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::CompileError;

/// Raw facts about a name in one block (CPython's `DEF_*` flags).
pub mod def {
    /// A `global` statement names it.
    pub const GLOBAL: u16 = 1;
    /// Assigned in the block.
    pub const LOCAL: u16 = 2;
    /// A formal parameter.
    pub const PARAM: u16 = 4;
    /// A `nonlocal` statement names it.
    pub const NONLOCAL: u16 = 8;
    /// Read in the block.
    pub const USE: u16 = 16;
    /// Used but not defined in a nested block.
    pub const FREE: u16 = 32;
    /// A free variable of a method that the class body also binds.
    pub const FREE_CLASS: u16 = 64;
    /// Bound by an import.
    pub const IMPORT: u16 = 128;
    /// Annotated.
    pub const ANNOT: u16 = 256;
    /// A comprehension iteration variable.
    pub const COMP_ITER: u16 = 512;
    /// Any binding in this block.
    pub const BOUND: u16 = LOCAL | PARAM | IMPORT;
}

/// Index of a [`Scope`] in its [`SymbolTable`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ScopeId(u32);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BlockKind {
    Module,
    Function,
    Class,
    /// Only under `from __future__ import annotations`; never a child of another block.
    Annotation,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Comprehension {
    None,
    List,
    Set,
    Dict,
    Generator,
}

/// Where a name lives, once analysed (CPython's `LOCAL`, `GLOBAL_EXPLICIT`, ...).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NameScope {
    Local,
    GlobalExplicit,
    GlobalImplicit,
    Free,
    Cell,
}

#[derive(Clone, Copy, Debug)]
pub struct Symbol {
    /// [`def`] bits.
    pub flags: u16,
    /// Set by the analysis pass; `None` only before it ran.
    pub scope: Option<NameScope>,
}

/// One block: module, function (lambdas and comprehensions included), class body or annotation block.
#[derive(Debug)]
pub struct Scope {
    pub name: String,
    pub kind: BlockKind,
    pub comprehension: Comprehension,
    /// Every name the block mentions, in first-mention order (mangled).
    pub symbols: IndexMap<String, Symbol>,
    /// The parameters, in declaration order (positional, keyword-only, `*args`, `**kwargs`).
    pub params: Vec<String>,
    pub children: Vec<ScopeId>,
    /// Inside a function (directly or not).
    pub nested: bool,
    pub has_free: bool,
    pub child_free: bool,
    pub generator: bool,
    pub coroutine: bool,
    pub varargs: bool,
    pub varkeywords: bool,
    pub returns_value: bool,
    pub needs_class_closure: bool,
    pub loc: Loc,
    comp_iter_target: bool,
    comp_iter_expr: u32,
    /// `global`/`nonlocal` declarations, for locating errors found during analysis.
    directives: Vec<(String, Loc)>,
}

impl Scope {
    /// The analysed scope of `name` (already mangled), or `None` if the block never mentions it.
    pub fn name_scope(&self, name: &str) -> Option<NameScope> {
        self.symbols.get(name).and_then(|s| s.scope)
    }

    /// The raw [`def`] flags of `name`, 0 if unknown.
    pub fn flags(&self, name: &str) -> u16 {
        self.symbols.get(name).map_or(0, |s| s.flags)
    }

    /// Names of the given analysed scope, sorted as CPython sorts cell and free variables (by code point).
    pub fn sorted_names(&self, want: NameScope, extra_flag: u16) -> Vec<String> {
        let mut v: Vec<String> = self
            .symbols
            .iter()
            .filter(|(_, s)| s.scope == Some(want) || (extra_flag != 0 && s.flags & extra_flag != 0))
            .map(|(n, _)| n.clone())
            .collect();
        v.sort();
        v
    }
}

/// The symbol table of one module.
#[derive(Debug)]
pub struct SymbolTable {
    scopes: Vec<Scope>,
    by_node: FxHashMap<usize, ScopeId>,
}

/// CPython's compiler allows 3 × the recursion limit (1000) of nesting.
const RECURSION_LIMIT: u32 = 3000;

/// Name mangling for `__private` names inside a class (`_Py_Mangle`): `__x` in class `_C` becomes `_C__x`.
/// Dunder names, dotted names and classes named only with underscores are left alone.
pub fn mangle<'n>(private: Option<&str>, name: &'n str) -> Cow<'n, str> {
    let Some(private) = private else { return Cow::Borrowed(name) };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return Cow::Borrowed(name);
    }
    let stripped = private.trim_start_matches('_');
    if stripped.is_empty() {
        return Cow::Borrowed(name);
    }
    Cow::Owned(format!("_{stripped}{name}"))
}

fn node_key<T>(node: &T) -> usize {
    node as *const T as usize
}

impl SymbolTable {
    /// Builds and analyses the symbol table of `module`. `future_annotations` is `from __future__ import
    /// annotations` (annotations then get their own, unlinked, blocks).
    pub fn build(module: &Mod<'_>, future_annotations: bool) -> Result<SymbolTable, CompileError> {
        let mut b = Builder {
            table: SymbolTable { scopes: Vec::new(), by_node: FxHashMap::default() },
            stack: Vec::new(),
            private: None,
            future_annotations,
            depth: 0,
        };
        b.enter(String::from("top"), BlockKind::Module, node_key(module), Loc::default());
        match module {
            Mod::Module { body, .. } | Mod::Interactive { body } => {
                for s in body.iter() {
                    b.visit_stmt(s)?;
                }
            }
            Mod::Expression { body } => b.visit_expr(body)?,
            Mod::FunctionType { .. } => {
                return Err(CompileError::Other {
                    kind: "RuntimeError",
                    msg: "this compiler does not handle FunctionTypes".to_owned(),
                });
            }
        }
        b.exit();
        let mut table = b.table;
        table.analyze()?;
        Ok(table)
    }

    /// The module's block.
    pub fn top(&self) -> ScopeId {
        ScopeId(0)
    }

    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id.0 as usize]
    }

    /// The block created for this AST node (a `Stmt` for `def`/`class`, an `Expr` for lambdas and comprehensions).
    pub fn scope_of_node<T>(&self, node: &T) -> Option<ScopeId> {
        self.by_node.get(&node_key(node)).copied()
    }

    fn analyze(&mut self) -> Result<(), CompileError> {
        let mut free = FxHashSet::default();
        let global = FxHashSet::default();
        self.analyze_block(ScopeId(0), None, &mut free, &global)
    }

    /// `analyze_block`: decides the scope of each name of `id`, then of its children; `free` collects the names
    /// free in this block and its children (output).
    fn analyze_block(
        &mut self,
        id: ScopeId,
        bound: Option<&FxHashSet<String>>,
        free: &mut FxHashSet<String>,
        global: &FxHashSet<String>,
    ) -> Result<(), CompileError> {
        let idx = id.0 as usize;
        let kind = self.scopes[idx].kind;
        let mut local: FxHashSet<String> = FxHashSet::default();
        let mut scopes: IndexMap<String, NameScope> = IndexMap::new();
        let mut newglobal: FxHashSet<String> = FxHashSet::default();
        let mut newfree: FxHashSet<String> = FxHashSet::default();
        let mut newbound: FxHashSet<String> = FxHashSet::default();
        // The global set this block's names update (CPython mutates the `global` set passed by the parent's
        // analyze_child_block, which is a copy: so a private copy here is equivalent).
        let mut global_here = global.clone();
        let mut bound_here = bound.cloned();

        // A class namespace is invisible to nested functions, so the sets its children see are fixed first.
        if kind == BlockKind::Class {
            newglobal.extend(global.iter().cloned());
            if let Some(b) = bound {
                newbound.extend(b.iter().cloned());
            }
        }

        let names: Vec<(String, u16)> = self.scopes[idx].symbols.iter().map(|(n, s)| (n.clone(), s.flags)).collect();
        for (name, flags) in &names {
            let sc = self.analyze_name(idx, name, *flags, &mut bound_here, &mut local, free, &mut global_here)?;
            scopes.insert(name.clone(), sc);
        }

        if kind != BlockKind::Class {
            if kind == BlockKind::Function {
                newbound.extend(local.iter().cloned());
            }
            if let Some(b) = &bound_here {
                newbound.extend(b.iter().cloned());
            }
            newglobal.extend(global_here.iter().cloned());
        } else {
            newbound.insert("__class__".to_owned());
        }

        let mut allfree: FxHashSet<String> = FxHashSet::default();
        let children = self.scopes[idx].children.clone();
        for child in children {
            // analyze_child_block: the child works on copies of bound, free and global.
            let mut temp_free = newfree.clone();
            self.analyze_block(child, Some(&newbound), &mut temp_free, &newglobal)?;
            allfree.extend(temp_free);
            let c = &self.scopes[child.0 as usize];
            if c.has_free || c.child_free {
                self.scopes[idx].child_free = true;
            }
        }
        newfree.extend(allfree);

        if kind == BlockKind::Function {
            // analyze_cells: a local that a child needs becomes a cell, and is no longer free above.
            for (name, sc) in scopes.iter_mut() {
                if *sc == NameScope::Local && newfree.contains(name) {
                    *sc = NameScope::Cell;
                    newfree.remove(name);
                }
            }
        } else if kind == BlockKind::Class && newfree.remove("__class__") {
            self.scopes[idx].needs_class_closure = true;
        }

        // update_symbols.
        let scope = &mut self.scopes[idx];
        for (name, sym) in scope.symbols.iter_mut() {
            sym.scope = scopes.get(name).copied();
        }
        let mut pending: Vec<&String> = newfree.iter().collect();
        // Iteration order of the set does not matter for the result, but sort for determinism of insertion order.
        pending.sort();
        for name in pending {
            if let Some(sym) = scope.symbols.get_mut(name) {
                if kind == BlockKind::Class && sym.flags & (def::BOUND | def::GLOBAL) != 0 {
                    sym.flags |= def::FREE_CLASS;
                }
                continue;
            }
            // A name that no enclosing function binds is a global: it does not propagate.
            if bound_here.as_ref().is_some_and(|b| !b.contains(name)) {
                continue;
            }
            scope.symbols.insert(name.clone(), Symbol { flags: 0, scope: Some(NameScope::Free) });
        }
        free.extend(newfree);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn analyze_name(
        &mut self,
        idx: usize,
        name: &str,
        flags: u16,
        bound: &mut Option<FxHashSet<String>>,
        local: &mut FxHashSet<String>,
        free: &mut FxHashSet<String>,
        global: &mut FxHashSet<String>,
    ) -> Result<NameScope, CompileError> {
        let scope = &mut self.scopes[idx];
        if flags & def::GLOBAL != 0 {
            if flags & def::NONLOCAL != 0 {
                return Err(directive_error(scope, name, format!("name '{name}' is nonlocal and global")));
            }
            global.insert(name.to_owned());
            if let Some(b) = bound.as_mut() {
                b.remove(name);
            }
            return Ok(NameScope::GlobalExplicit);
        }
        if flags & def::NONLOCAL != 0 {
            let Some(b) = bound.as_ref() else {
                return Err(directive_error(scope, name, "nonlocal declaration not allowed at module level".into()));
            };
            if !b.contains(name) {
                return Err(directive_error(scope, name, format!("no binding for nonlocal '{name}' found")));
            }
            scope.has_free = true;
            free.insert(name.to_owned());
            return Ok(NameScope::Free);
        }
        if flags & def::BOUND != 0 {
            local.insert(name.to_owned());
            global.remove(name);
            return Ok(NameScope::Local);
        }
        if bound.as_ref().is_some_and(|b| b.contains(name)) {
            scope.has_free = true;
            free.insert(name.to_owned());
            return Ok(NameScope::Free);
        }
        if global.contains(name) {
            return Ok(NameScope::GlobalImplicit);
        }
        if scope.nested {
            scope.has_free = true;
        }
        Ok(NameScope::GlobalImplicit)
    }
}

fn directive_error(scope: &Scope, name: &str, msg: String) -> CompileError {
    match scope.directives.iter().find(|(n, _)| n == name) {
        Some((_, loc)) => CompileError::syntax(msg, *loc),
        None => {
            CompileError::Other { kind: "RuntimeError", msg: "BUG: internal directive bookkeeping broken".to_owned() }
        }
    }
}

/// The first pass: walks the AST and records raw facts per block.
struct Builder {
    table: SymbolTable,
    /// The blocks being visited, innermost last.
    stack: Vec<ScopeId>,
    /// The class whose body is being visited, for name mangling.
    private: Option<String>,
    future_annotations: bool,
    depth: u32,
}

impl Builder {
    fn cur(&self) -> usize {
        self.stack.last().map_or(0, |s| s.0 as usize)
    }

    fn cur_scope(&mut self) -> &mut Scope {
        let i = self.cur();
        &mut self.table.scopes[i]
    }

    fn enter(&mut self, name: String, kind: BlockKind, key: usize, loc: Loc) {
        let id = ScopeId(self.table.scopes.len() as u32);
        let (nested, comp_iter_expr) = match self.stack.last() {
            Some(p) => {
                let p = &self.table.scopes[p.0 as usize];
                (p.nested || p.kind == BlockKind::Function, p.comp_iter_expr)
            }
            None => (false, 0),
        };
        self.table.scopes.push(Scope {
            name,
            kind,
            comprehension: Comprehension::None,
            symbols: IndexMap::new(),
            params: Vec::new(),
            children: Vec::new(),
            nested,
            has_free: false,
            child_free: false,
            generator: false,
            coroutine: false,
            varargs: false,
            varkeywords: false,
            returns_value: false,
            needs_class_closure: false,
            loc,
            comp_iter_target: false,
            comp_iter_expr,
            directives: Vec::new(),
        });
        self.table.by_node.insert(key, id);
        if let Some(p) = self.stack.last().filter(|_| kind != BlockKind::Annotation) {
            self.table.scopes[p.0 as usize].children.push(id);
        }
        self.stack.push(id);
    }

    fn exit(&mut self) {
        self.stack.pop();
    }

    fn add_def(&mut self, name: &str, flag: u16, loc: Loc) -> Result<(), CompileError> {
        let i = self.cur();
        self.add_def_in(i, name, flag, loc)
    }

    /// `symtable_add_def_helper`.
    fn add_def_in(&mut self, idx: usize, name: &str, flag: u16, loc: Loc) -> Result<(), CompileError> {
        let mangled = mangle(self.private.as_deref(), name).into_owned();
        let scope = &mut self.table.scopes[idx];
        let mut val = match scope.symbols.get(&mangled) {
            Some(sym) => {
                if flag & def::PARAM != 0 && sym.flags & def::PARAM != 0 {
                    return Err(CompileError::syntax(
                        format!("duplicate argument '{name}' in function definition"),
                        loc,
                    ));
                }
                sym.flags | flag
            }
            None => flag,
        };
        if scope.comp_iter_target {
            if val & (def::GLOBAL | def::NONLOCAL) != 0 {
                return Err(CompileError::syntax(
                    format!("comprehension inner loop cannot rebind assignment expression target '{name}'"),
                    loc,
                ));
            }
            val |= def::COMP_ITER;
        }
        match scope.symbols.get_mut(&mangled) {
            Some(sym) => sym.flags = val,
            None => {
                scope.symbols.insert(mangled.clone(), Symbol { flags: val, scope: None });
            }
        }
        if flag & def::PARAM != 0 {
            scope.params.push(mangled);
        } else if flag & def::GLOBAL != 0 {
            // The module block also learns of the global (CPython's `st_global` is the module's symbol dict).
            let top = &mut self.table.scopes[0];
            match top.symbols.get_mut(&mangled) {
                Some(sym) => sym.flags |= flag,
                None => {
                    top.symbols.insert(mangled, Symbol { flags: flag, scope: None });
                }
            }
        }
        Ok(())
    }

    fn lookup(&self, name: &str) -> u16 {
        let mangled = mangle(self.private.as_deref(), name);
        self.table.scopes[self.cur()].flags(&mangled)
    }

    fn record_directive(&mut self, name: &str, loc: Loc) {
        let mangled = mangle(self.private.as_deref(), name).into_owned();
        self.cur_scope().directives.push((mangled, loc));
    }

    fn descend(&mut self) -> Result<(), CompileError> {
        self.depth += 1;
        if self.depth > RECURSION_LIMIT {
            return Err(CompileError::recursion());
        }
        Ok(())
    }

    fn visit_stmts(&mut self, body: &[Stmt<'_>]) -> Result<(), CompileError> {
        for s in body {
            self.visit_stmt(s)?;
        }
        Ok(())
    }

    fn visit_exprs(&mut self, exprs: &[Expr<'_>]) -> Result<(), CompileError> {
        for e in exprs {
            self.visit_expr(e)?;
        }
        Ok(())
    }

    /// `symtable_visit_pattern`: captures bind locals; values and classes are ordinary expressions.
    fn visit_pattern(&mut self, p: &Pattern<'_>) -> Result<(), CompileError> {
        self.descend()?;
        match &p.kind {
            PatternKind::MatchValue { value } => self.visit_expr(value)?,
            PatternKind::MatchSingleton { .. } => {}
            PatternKind::MatchSequence { patterns } | PatternKind::MatchOr { patterns } => {
                for q in patterns.iter() {
                    self.visit_pattern(q)?;
                }
            }
            PatternKind::MatchStar { name } => {
                if let Some(n) = name {
                    self.add_def(n, def::LOCAL, p.loc)?;
                }
            }
            PatternKind::MatchMapping { keys, patterns, rest } => {
                self.visit_exprs(keys)?;
                for q in patterns.iter() {
                    self.visit_pattern(q)?;
                }
                if let Some(n) = rest {
                    self.add_def(n, def::LOCAL, p.loc)?;
                }
            }
            PatternKind::MatchClass { cls, patterns, kwd_patterns, .. } => {
                self.visit_expr(cls)?;
                for q in patterns.iter().chain(kwd_patterns.iter()) {
                    self.visit_pattern(q)?;
                }
            }
            PatternKind::MatchAs { pattern, name } => {
                if let Some(q) = pattern {
                    self.visit_pattern(q)?;
                }
                if let Some(n) = name {
                    self.add_def(n, def::LOCAL, p.loc)?;
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    fn visit_stmt(&mut self, s: &Stmt<'_>) -> Result<(), CompileError> {
        self.descend()?;
        self.visit_stmt_inner(s)?;
        self.depth -= 1;
        Ok(())
    }

    fn visit_stmt_inner(&mut self, s: &Stmt<'_>) -> Result<(), CompileError> {
        match &s.kind {
            StmtKind::FunctionDef(f) | StmtKind::AsyncFunctionDef(f) => {
                self.add_def(f.name, def::LOCAL, s.loc)?;
                self.visit_exprs(f.args.defaults)?;
                for d in f.args.kw_defaults.iter().flatten() {
                    self.visit_expr(d)?;
                }
                self.visit_annotations(s, f.args, f.returns)?;
                self.visit_exprs(f.decorator_list)?;
                self.enter(f.name.to_owned(), BlockKind::Function, node_key(s), s.loc);
                if matches!(s.kind, StmtKind::AsyncFunctionDef(_)) {
                    self.cur_scope().coroutine = true;
                }
                self.visit_params(f.args)?;
                self.visit_stmts(f.body)?;
                self.exit();
            }
            StmtKind::ClassDef(c) => {
                self.add_def(c.name, def::LOCAL, s.loc)?;
                self.visit_exprs(c.bases)?;
                for k in c.keywords {
                    self.visit_expr(k.value)?;
                }
                self.visit_exprs(c.decorator_list)?;
                self.enter(c.name.to_owned(), BlockKind::Class, node_key(s), s.loc);
                let saved = self.private.replace(c.name.to_owned());
                self.visit_stmts(c.body)?;
                self.private = saved;
                self.exit();
            }
            StmtKind::Return { value } => {
                if let Some(v) = value {
                    self.visit_expr(v)?;
                    self.cur_scope().returns_value = true;
                }
            }
            StmtKind::Delete { targets } => self.visit_exprs(targets)?,
            StmtKind::Assign { targets, value, .. } => {
                self.visit_exprs(targets)?;
                self.visit_expr(value)?;
            }
            StmtKind::AnnAssign { target, annotation, value, simple } => {
                if let ExprKind::Name { id, .. } = target.kind {
                    let cur = self.lookup(id);
                    let is_module = self.cur() == 0;
                    if cur & (def::GLOBAL | def::NONLOCAL) != 0 && !is_module && *simple {
                        let msg = if cur & def::GLOBAL != 0 {
                            format!("annotated name '{id}' can't be global")
                        } else {
                            format!("annotated name '{id}' can't be nonlocal")
                        };
                        return Err(CompileError::syntax(msg, s.loc));
                    }
                    if *simple {
                        self.add_def(id, def::ANNOT | def::LOCAL, target.loc)?;
                    } else if value.is_some() {
                        self.add_def(id, def::LOCAL, target.loc)?;
                    }
                } else {
                    self.visit_expr(target)?;
                }
                self.visit_annotation(annotation)?;
                if let Some(v) = value {
                    self.visit_expr(v)?;
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.visit_expr(target)?;
                self.visit_expr(value)?;
            }
            StmtKind::For(f) | StmtKind::AsyncFor(f) => {
                self.visit_expr(f.target)?;
                self.visit_expr(f.iter)?;
                self.visit_stmts(f.body)?;
                self.visit_stmts(f.orelse)?;
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.visit_expr(test)?;
                self.visit_stmts(body)?;
                self.visit_stmts(orelse)?;
            }
            StmtKind::Match { subject, cases } => {
                self.visit_expr(subject)?;
                for c in cases.iter() {
                    self.visit_pattern(c.pattern)?;
                    if let Some(g) = c.guard {
                        self.visit_expr(g)?;
                    }
                    self.visit_stmts(c.body)?;
                }
            }
            StmtKind::Raise { exc, cause } => {
                if let Some(e) = exc {
                    self.visit_expr(e)?;
                    if let Some(c) = cause {
                        self.visit_expr(c)?;
                    }
                }
            }
            StmtKind::Try(t) | StmtKind::TryStar(t) => {
                self.visit_stmts(t.body)?;
                self.visit_stmts(t.orelse)?;
                for h in t.handlers {
                    if let Some(ty) = h.type_ {
                        self.visit_expr(ty)?;
                    }
                    if let Some(n) = h.name {
                        self.add_def(n, def::LOCAL, h.loc)?;
                    }
                    self.visit_stmts(h.body)?;
                }
                self.visit_stmts(t.finalbody)?;
            }
            StmtKind::Assert { test, msg } => {
                self.visit_expr(test)?;
                if let Some(m) = msg {
                    self.visit_expr(m)?;
                }
            }
            StmtKind::Import { names } | StmtKind::ImportFrom { names, .. } => {
                for a in names.iter() {
                    self.visit_alias(a)?;
                }
            }
            StmtKind::Global { names } => {
                for name in names.iter() {
                    let cur = self.lookup(name);
                    if cur & (def::PARAM | def::LOCAL | def::USE | def::ANNOT) != 0 {
                        let msg = if cur & def::PARAM != 0 {
                            format!("name '{name}' is parameter and global")
                        } else if cur & def::USE != 0 {
                            format!("name '{name}' is used prior to global declaration")
                        } else if cur & def::ANNOT != 0 {
                            format!("annotated name '{name}' can't be global")
                        } else {
                            format!("name '{name}' is assigned to before global declaration")
                        };
                        return Err(CompileError::syntax(msg, s.loc));
                    }
                    self.add_def(name, def::GLOBAL, s.loc)?;
                    self.record_directive(name, s.loc);
                }
            }
            StmtKind::Nonlocal { names } => {
                for name in names.iter() {
                    let cur = self.lookup(name);
                    if cur & (def::PARAM | def::LOCAL | def::USE | def::ANNOT) != 0 {
                        let msg = if cur & def::PARAM != 0 {
                            format!("name '{name}' is parameter and nonlocal")
                        } else if cur & def::USE != 0 {
                            format!("name '{name}' is used prior to nonlocal declaration")
                        } else if cur & def::ANNOT != 0 {
                            format!("annotated name '{name}' can't be nonlocal")
                        } else {
                            format!("name '{name}' is assigned to before nonlocal declaration")
                        };
                        return Err(CompileError::syntax(msg, s.loc));
                    }
                    self.add_def(name, def::NONLOCAL, s.loc)?;
                    self.record_directive(name, s.loc);
                }
            }
            StmtKind::Expr { value } => self.visit_expr(value)?,
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
            StmtKind::With(w) | StmtKind::AsyncWith(w) => {
                for item in w.items {
                    self.visit_expr(item.context_expr)?;
                    if let Some(v) = item.optional_vars {
                        self.visit_expr(v)?;
                    }
                }
                self.visit_stmts(w.body)?;
            }
        }
        Ok(())
    }

    fn visit_alias(&mut self, a: &ast::Alias<'_>) -> Result<(), CompileError> {
        let name = a.asname.unwrap_or(a.name);
        if name == "*" {
            if self.table.scopes[self.cur()].kind != BlockKind::Module {
                return Err(CompileError::syntax("import * only allowed at module level", a.loc));
            }
            return Ok(());
        }
        let store = match name.find('.') {
            Some(dot) => &name[..dot],
            None => name,
        };
        self.add_def(store, def::IMPORT, a.loc)
    }

    fn visit_params(&mut self, a: &ast::Arguments<'_>) -> Result<(), CompileError> {
        for arg in a.posonlyargs.iter().chain(a.args).chain(a.kwonlyargs) {
            self.add_def(arg.arg, def::PARAM, arg.loc)?;
        }
        if let Some(v) = a.vararg {
            self.add_def(v.arg, def::PARAM, v.loc)?;
            self.cur_scope().varargs = true;
        }
        if let Some(k) = a.kwarg {
            self.add_def(k.arg, def::PARAM, k.loc)?;
            self.cur_scope().varkeywords = true;
        }
        Ok(())
    }

    fn visit_annotation(&mut self, ann: &Expr<'_>) -> Result<(), CompileError> {
        if self.future_annotations {
            self.enter("_annotation".to_owned(), BlockKind::Annotation, node_key(ann), ann.loc);
            self.visit_expr(ann)?;
            self.exit();
            Ok(())
        } else {
            self.visit_expr(ann)
        }
    }

    fn visit_annotations(
        &mut self,
        s: &Stmt<'_>,
        a: &ast::Arguments<'_>,
        returns: Option<&Expr<'_>>,
    ) -> Result<(), CompileError> {
        if self.future_annotations {
            self.enter("_annotation".to_owned(), BlockKind::Annotation, node_key(a), s.loc);
        }
        for arg in a.posonlyargs.iter().chain(a.args) {
            if let Some(ann) = arg.annotation {
                self.visit_expr(ann)?;
            }
        }
        for arg in a.vararg.iter().chain(a.kwarg.iter()) {
            if let Some(ann) = arg.annotation {
                self.visit_expr(ann)?;
            }
        }
        for arg in a.kwonlyargs {
            if let Some(ann) = arg.annotation {
                self.visit_expr(ann)?;
            }
        }
        if self.future_annotations {
            self.exit();
        }
        if let Some(r) = returns {
            self.visit_annotation(r)?;
        }
        Ok(())
    }

    fn visit_expr(&mut self, e: &Expr<'_>) -> Result<(), CompileError> {
        self.descend()?;
        self.visit_expr_inner(e)?;
        self.depth -= 1;
        Ok(())
    }

    fn raise_if_annotation_block(&self, what: &str, e: &Expr<'_>) -> Result<(), CompileError> {
        if self.table.scopes[self.cur()].kind == BlockKind::Annotation {
            return Err(CompileError::syntax(format!("'{what}' can not be used within an annotation"), e.loc));
        }
        Ok(())
    }

    fn visit_expr_inner(&mut self, e: &Expr<'_>) -> Result<(), CompileError> {
        match &e.kind {
            ExprKind::NamedExpr { target, value } => {
                self.raise_if_annotation_block("named expression", e)?;
                self.handle_namedexpr(e, target, value)?;
            }
            ExprKind::BoolOp { values, .. } => self.visit_exprs(values)?,
            ExprKind::BinOp { left, right, .. } => {
                self.visit_expr(left)?;
                self.visit_expr(right)?;
            }
            ExprKind::UnaryOp { operand, .. } => self.visit_expr(operand)?,
            ExprKind::Lambda { args, body } => {
                self.visit_exprs(args.defaults)?;
                for d in args.kw_defaults.iter().flatten() {
                    self.visit_expr(d)?;
                }
                self.enter("lambda".to_owned(), BlockKind::Function, node_key(e), e.loc);
                self.visit_params(args)?;
                self.visit_expr(body)?;
                self.exit();
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.visit_expr(test)?;
                self.visit_expr(body)?;
                self.visit_expr(orelse)?;
            }
            ExprKind::Dict { keys, values } => {
                for k in keys.iter().flatten() {
                    self.visit_expr(k)?;
                }
                self.visit_exprs(values)?;
            }
            ExprKind::Set { elts } => self.visit_exprs(elts)?,
            ExprKind::ListComp { elt, generators } => {
                self.handle_comprehension(e, "listcomp", Comprehension::List, generators, elt, None)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.handle_comprehension(e, "setcomp", Comprehension::Set, generators, elt, None)?
            }
            ExprKind::DictComp { key, value, generators } => {
                self.handle_comprehension(e, "dictcomp", Comprehension::Dict, generators, key, Some(value))?
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.handle_comprehension(e, "genexpr", Comprehension::Generator, generators, elt, None)?
            }
            ExprKind::Yield { value } => {
                self.raise_if_annotation_block("yield expression", e)?;
                if let Some(v) = value {
                    self.visit_expr(v)?;
                }
                self.yield_in_comprehension(e)?;
            }
            ExprKind::YieldFrom { value } => {
                self.raise_if_annotation_block("yield expression", e)?;
                self.visit_expr(value)?;
                self.yield_in_comprehension(e)?;
            }
            ExprKind::Await { value } => {
                self.raise_if_annotation_block("await expression", e)?;
                self.visit_expr(value)?;
                self.cur_scope().coroutine = true;
            }
            ExprKind::Compare { left, comparators, .. } => {
                self.visit_expr(left)?;
                self.visit_exprs(comparators)?;
            }
            ExprKind::Call { func, args, keywords } => {
                self.visit_expr(func)?;
                self.visit_exprs(args)?;
                for k in keywords.iter() {
                    self.visit_expr(k.value)?;
                }
            }
            ExprKind::FormattedValue { value, format_spec, .. } => {
                self.visit_expr(value)?;
                if let Some(spec) = format_spec {
                    self.visit_expr(spec)?;
                }
            }
            ExprKind::JoinedStr { values } => self.visit_exprs(values)?,
            ExprKind::Constant { .. } => {}
            ExprKind::Attribute { value, .. } => self.visit_expr(value)?,
            ExprKind::Subscript { value, slice, .. } => {
                self.visit_expr(value)?;
                self.visit_expr(slice)?;
            }
            ExprKind::Starred { value, .. } => self.visit_expr(value)?,
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    self.visit_expr(part)?;
                }
            }
            ExprKind::Name { id, ctx } => {
                let load = *ctx == ast::ExprContext::Load;
                self.add_def(id, if load { def::USE } else { def::LOCAL }, e.loc)?;
                // `super` counts as a use of `__class__`.
                if load && self.table.scopes[self.cur()].kind == BlockKind::Function && *id == "super" {
                    self.add_def("__class__", def::USE, e.loc)?;
                }
            }
            ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => self.visit_exprs(elts)?,
        }
        Ok(())
    }

    fn yield_in_comprehension(&mut self, e: &Expr<'_>) -> Result<(), CompileError> {
        let scope = self.cur_scope();
        scope.generator = true;
        let msg = match scope.comprehension {
            Comprehension::None => return Ok(()),
            Comprehension::List => "'yield' inside list comprehension",
            Comprehension::Set => "'yield' inside set comprehension",
            Comprehension::Dict => "'yield' inside dict comprehension",
            Comprehension::Generator => "'yield' inside generator expression",
        };
        Err(CompileError::syntax(msg, e.loc))
    }

    fn handle_namedexpr(&mut self, e: &Expr<'_>, target: &Expr<'_>, value: &Expr<'_>) -> Result<(), CompileError> {
        if self.table.scopes[self.cur()].comp_iter_expr > 0 {
            return Err(CompileError::syntax(
                "assignment expression cannot be used in a comprehension iterable expression",
                e.loc,
            ));
        }
        if self.table.scopes[self.cur()].comprehension != Comprehension::None {
            self.extend_namedexpr_scope(target)?;
        }
        self.visit_expr(value)?;
        self.visit_expr(target)
    }

    /// A walrus inside a comprehension binds in the nearest enclosing function or module block.
    fn extend_namedexpr_scope(&mut self, target: &Expr<'_>) -> Result<(), CompileError> {
        let ExprKind::Name { id: name, .. } = target.kind else {
            return Ok(());
        };
        for i in (0..self.stack.len()).rev() {
            let idx = self.stack[i].0 as usize;
            let ste = &self.table.scopes[idx];
            if ste.comprehension != Comprehension::None {
                if ste.flags(name) & def::COMP_ITER != 0 {
                    return Err(CompileError::syntax(
                        format!("assignment expression cannot rebind comprehension iteration variable '{name}'"),
                        target.loc,
                    ));
                }
                continue;
            }
            match ste.kind {
                BlockKind::Function => {
                    let flag = if ste.flags(name) & def::GLOBAL != 0 { def::GLOBAL } else { def::NONLOCAL };
                    self.add_def(name, flag, target.loc)?;
                    self.record_directive(name, target.loc);
                    return self.add_def_in(idx, name, def::LOCAL, target.loc);
                }
                BlockKind::Module => {
                    self.add_def(name, def::GLOBAL, target.loc)?;
                    self.record_directive(name, target.loc);
                    return self.add_def_in(idx, name, def::GLOBAL, target.loc);
                }
                BlockKind::Class => {
                    return Err(CompileError::syntax(
                        "assignment expression within a comprehension cannot be used in a class body",
                        target.loc,
                    ));
                }
                BlockKind::Annotation => {}
            }
        }
        Ok(())
    }

    fn handle_comprehension(
        &mut self,
        e: &Expr<'_>,
        name: &str,
        kind: Comprehension,
        generators: &[ast::Comprehension<'_>],
        elt: &Expr<'_>,
        value: Option<&Expr<'_>>,
    ) -> Result<(), CompileError> {
        let Some(outermost) = generators.first() else {
            return Err(CompileError::system("comprehension with no generators"));
        };
        // The outermost iterable is evaluated in the enclosing block.
        self.cur_scope().comp_iter_expr += 1;
        self.visit_expr(outermost.iter)?;
        self.cur_scope().comp_iter_expr -= 1;
        self.enter(name.to_owned(), BlockKind::Function, node_key(e), e.loc);
        self.cur_scope().comprehension = kind;
        if outermost.is_async {
            self.cur_scope().coroutine = true;
        }
        // The outermost iterator arrives as the implicit parameter `.0`.
        let loc = self.cur_scope().loc;
        self.add_def(".0", def::PARAM, loc)?;
        self.cur_scope().comp_iter_target = true;
        self.visit_expr(outermost.target)?;
        self.cur_scope().comp_iter_target = false;
        self.visit_exprs(outermost.ifs)?;
        for g in &generators[1..] {
            self.cur_scope().comp_iter_target = true;
            self.visit_expr(g.target)?;
            self.cur_scope().comp_iter_target = false;
            self.cur_scope().comp_iter_expr += 1;
            self.visit_expr(g.iter)?;
            self.cur_scope().comp_iter_expr -= 1;
            self.visit_exprs(g.ifs)?;
            if g.is_async {
                self.cur_scope().coroutine = true;
            }
        }
        if let Some(v) = value {
            self.visit_expr(v)?;
        }
        self.visit_expr(elt)?;
        let is_generator = kind == Comprehension::Generator;
        self.cur_scope().generator = is_generator;
        let is_async = self.cur_scope().coroutine && !is_generator;
        self.exit();
        if is_async {
            self.cur_scope().coroutine = true;
        }
        Ok(())
    }
}
