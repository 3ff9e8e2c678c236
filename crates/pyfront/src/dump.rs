//! `ast.dump(tree, indent=3, include_attributes=...)`: the text `python3 -m ast [-a]` prints, byte for byte.
//!
//! Each node is first described as its list of present fields (`None` optional fields are omitted, as `ast.dump`
//! omits fields whose value is `None` and whose class default is `None`); the printer then follows `ast.dump`'s rule:
//! a node goes on one line when it has at most three arguments and all of them are "simple" (a leaf `repr`, an empty
//! list, or a node without arguments such as `Load()`).

use crate::ast::*;
use crate::repr;

/// Options of `ast.dump` that `python3 -m ast` exposes.
#[derive(Clone, Copy, Debug)]
pub struct DumpOptions {
    pub include_attributes: bool,
    pub indent: usize,
}

impl Default for DumpOptions {
    fn default() -> Self {
        DumpOptions { include_attributes: false, indent: 3 }
    }
}

/// The tree was nested deeper than CPython's AST conversion or `ast.dump`'s recursion allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DumpTooDeep {
    /// Converting the parsed tree to Python objects (`ast2obj_*` in `Python/Python-ast.c`) ran out of depth.
    Construction,
    /// `ast.dump`'s recursive `_format` hit Python's recursion limit; the words depend on the operation that did.
    Format(LimitHit),
}

/// Which operation of `ast.dump`'s `_format` first went past Python's recursion limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitHit {
    /// Entering a Python frame (a `_format` call, or the generator expression a list is joined from).
    Frame,
    /// A call of a C function with one argument (`str.join`, `repr`).
    CCall,
    /// `repr()` of a leaf value.
    Repr,
    /// Not a depth limit: `repr()` of an `int` with more decimal digits than CPython converts (`ValueError`).
    IntDigits,
}

impl std::fmt::Display for DumpTooDeep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DumpTooDeep::Construction => "RecursionError: maximum recursion depth exceeded during ast construction",
            DumpTooDeep::Format(LimitHit::Frame) => "RecursionError: maximum recursion depth exceeded",
            DumpTooDeep::Format(LimitHit::CCall) => {
                "RecursionError: maximum recursion depth exceeded while calling a Python object"
            }
            DumpTooDeep::Format(LimitHit::Repr) => {
                "RecursionError: maximum recursion depth exceeded while getting the repr of an object"
            }
            DumpTooDeep::Format(LimitHit::IntDigits) => {
                return write!(f, "ValueError: {}", repr::INT_MAX_STR_DIGITS_MSG);
            }
        })
    }
}

/// The deepest recursion `ast.dump`'s `_format` may reach under `python3 -m ast`, counted from the module's frame,
/// in CPython 3.11.7's units: each `_format` frame is one; a node's final `str.join` one more; a non-empty list's
/// `str.join` one and its generator expression's frame two, its items three; a leaf's `repr` call one and the repr
/// itself two. (Specialised `isinstance`, `getattr`, `type` and `len` calls do not count.) Fitted on 200 measured
/// cases of 14 shapes, all of which it predicts with their words: 985 nested unary minus print, 986 raise.
pub const MAX_DEPTH: usize = 993;

/// How many nested nodes CPython converts to Python objects before `ast.dump` ever runs: every node kind but the
/// singletons (contexts, operators) counts against 3 × the recursion limit less 3 × the frames `python3 -m ast` is
/// in. Measured with CPython 3.11.7: `x = a.a...a` with 2977 names (2979 nodes deep) converts, 2978 do not.
pub const MAX_CONSTRUCTION_DEPTH: usize = 2979;

/// Dumps a module as `ast.dump` does.
pub fn dump(m: &Mod<'_>, opts: DumpOptions) -> Result<String, DumpTooDeep> {
    let mut d = Dumper { out: String::new(), opts };
    d.node(&Node::Mod(m), 0).map_err(|hit| too_deep(Node::Mod(m), hit))?;
    Ok(d.out)
}

/// Dumps an expression alone (as `ast.dump(expr)`), for tests and debugging.
pub fn dump_expr(e: &Expr<'_>, opts: DumpOptions) -> Result<String, DumpTooDeep> {
    let mut d = Dumper { out: String::new(), opts };
    d.node(&Node::Expr(e), 0).map_err(|hit| too_deep(Node::Expr(e), hit))?;
    Ok(d.out)
}

/// Which `RecursionError` a tree too deep for `ast.dump` raises: the conversion to Python objects comes first and
/// allows more depth, so it fails only for the deepest trees. The walk is iterative, so it needs no stack itself;
/// it runs only after the dump failed, so it costs nothing on the common path.
fn too_deep(root: Node<'_, '_>, hit: LimitHit) -> DumpTooDeep {
    let mut stack = vec![(Val::Node(root), 0usize)];
    while let Some((v, depth)) = stack.pop() {
        match v {
            Val::Leaf(_) | Val::IntTooLong | Val::Node(Node::Unit(_)) => {}
            Val::Node(n) => {
                if depth + 1 > MAX_CONSTRUCTION_DEPTH {
                    return DumpTooDeep::Construction;
                }
                let (_, fields, _) = describe(n);
                stack.extend(fields.into_iter().map(|(_, v)| (v, depth + 1)));
            }
            Val::List(items) => stack.extend(items.into_iter().map(|v| (v, depth))),
        }
    }
    DumpTooDeep::Format(hit)
}

/// Fails when an operation at Python recursion depth `depth` goes past [`MAX_DEPTH`].
fn check(depth: usize, hit: LimitHit) -> Result<(), LimitHit> {
    if depth > MAX_DEPTH { Err(hit) } else { Ok(()) }
}

/// A reference to any AST node kind, so one printer serves them all.
#[derive(Clone, Copy)]
enum Node<'t, 'a> {
    Mod(&'t Mod<'a>),
    Stmt(&'t Stmt<'a>),
    Expr(&'t Expr<'a>),
    Unit(&'static str),
    Comprehension(&'t Comprehension<'a>),
    ExceptHandler(&'t ExceptHandler<'a>),
    Arguments(&'t Arguments<'a>),
    Arg(&'t Arg<'a>),
    Keyword(&'t Keyword<'a>),
    Alias(&'t Alias<'a>),
    WithItem(&'t WithItem<'a>),
    MatchCase(&'t MatchCase<'a>),
    Pattern(&'t Pattern<'a>),
    TypeIgnore(&'t TypeIgnore<'a>),
}

/// A field's value.
enum Val<'t, 'a> {
    Leaf(String),
    /// An `int` constant whose `repr` raises `ValueError` (too many digits).
    IntTooLong,
    Node(Node<'t, 'a>),
    List(Vec<Val<'t, 'a>>),
}

type Fields<'t, 'a> = Vec<(&'static str, Val<'t, 'a>)>;

fn leaf_str(s: &str) -> Val<'static, 'static> {
    let mut out = String::new();
    repr::write_str_repr(&mut out, s);
    Val::Leaf(out)
}

fn leaf_int(i: impl std::fmt::Display) -> Val<'static, 'static> {
    Val::Leaf(i.to_string())
}

fn leaf_const(c: &Constant<'_>) -> Val<'static, 'static> {
    if let Constant::Int(i) = c
        && repr::int_exceeds_str_digits(*i)
    {
        return Val::IntTooLong;
    }
    let mut out = String::new();
    repr::write_constant_repr(&mut out, c);
    Val::Leaf(out)
}

fn expr<'t, 'a>(e: &'t Expr<'a>) -> Val<'t, 'a> {
    Val::Node(Node::Expr(e))
}

fn exprs<'t, 'a>(es: &'t [Expr<'a>]) -> Val<'t, 'a> {
    Val::List(es.iter().map(expr).collect())
}

fn opt_exprs<'t, 'a>(es: &'t [Option<Expr<'a>>]) -> Val<'t, 'a> {
    Val::List(es.iter().map(|e| e.as_ref().map_or_else(|| Val::Leaf("None".into()), expr)).collect())
}

fn stmts<'t, 'a>(ss: &'t [Stmt<'a>]) -> Val<'t, 'a> {
    Val::List(ss.iter().map(|s| Val::Node(Node::Stmt(s))).collect())
}

fn idents(ids: &[Ident<'_>]) -> Val<'static, 'static> {
    Val::List(ids.iter().map(|s| leaf_str(s)).collect())
}

fn patterns<'t, 'a>(ps: &'t [Pattern<'a>]) -> Val<'t, 'a> {
    Val::List(ps.iter().map(|p| Val::Node(Node::Pattern(p))).collect())
}

fn unit(name: &'static str) -> Val<'static, 'static> {
    Val::Node(Node::Unit(name))
}

fn ctx(c: ExprContext) -> Val<'static, 'static> {
    unit(match c {
        ExprContext::Load => "Load",
        ExprContext::Store => "Store",
        ExprContext::Del => "Del",
    })
}

fn operator(op: Operator) -> Val<'static, 'static> {
    unit(match op {
        Operator::Add => "Add",
        Operator::Sub => "Sub",
        Operator::Mult => "Mult",
        Operator::MatMult => "MatMult",
        Operator::Div => "Div",
        Operator::Mod => "Mod",
        Operator::Pow => "Pow",
        Operator::LShift => "LShift",
        Operator::RShift => "RShift",
        Operator::BitOr => "BitOr",
        Operator::BitXor => "BitXor",
        Operator::BitAnd => "BitAnd",
        Operator::FloorDiv => "FloorDiv",
    })
}

fn cmpop(op: CmpOp) -> Val<'static, 'static> {
    unit(match op {
        CmpOp::Eq => "Eq",
        CmpOp::NotEq => "NotEq",
        CmpOp::Lt => "Lt",
        CmpOp::LtE => "LtE",
        CmpOp::Gt => "Gt",
        CmpOp::GtE => "GtE",
        CmpOp::Is => "Is",
        CmpOp::IsNot => "IsNot",
        CmpOp::In => "In",
        CmpOp::NotIn => "NotIn",
    })
}

/// Pushes an optional field only when present, as `ast.dump` omits `None` optional fields.
fn push_opt<'t, 'a>(f: &mut Fields<'t, 'a>, name: &'static str, v: Option<Val<'t, 'a>>) {
    if let Some(v) = v {
        f.push((name, v));
    }
}

fn comprehensions<'t, 'a>(gs: &'t [Comprehension<'a>]) -> Val<'t, 'a> {
    Val::List(gs.iter().map(|g| Val::Node(Node::Comprehension(g))).collect())
}

fn function_def<'t, 'a>(d: &'t FunctionDef<'a>) -> Fields<'t, 'a> {
    let mut f = vec![
        ("name", leaf_str(d.name)),
        ("args", Val::Node(Node::Arguments(d.args))),
        ("body", stmts(d.body)),
        ("decorator_list", exprs(d.decorator_list)),
    ];
    push_opt(&mut f, "returns", d.returns.map(expr));
    push_opt(&mut f, "type_comment", d.type_comment.map(leaf_str));
    f
}

fn for_fields<'t, 'a>(d: &'t For<'a>) -> Fields<'t, 'a> {
    let mut f =
        vec![("target", expr(d.target)), ("iter", expr(d.iter)), ("body", stmts(d.body)), ("orelse", stmts(d.orelse))];
    push_opt(&mut f, "type_comment", d.type_comment.map(leaf_str));
    f
}

fn with_fields<'t, 'a>(d: &'t With<'a>) -> Fields<'t, 'a> {
    let mut f = vec![
        ("items", Val::List(d.items.iter().map(|w| Val::Node(Node::WithItem(w))).collect())),
        ("body", stmts(d.body)),
    ];
    push_opt(&mut f, "type_comment", d.type_comment.map(leaf_str));
    f
}

fn try_fields<'t, 'a>(d: &'t Try<'a>) -> Fields<'t, 'a> {
    vec![
        ("body", stmts(d.body)),
        ("handlers", Val::List(d.handlers.iter().map(|h| Val::Node(Node::ExceptHandler(h))).collect())),
        ("orelse", stmts(d.orelse)),
        ("finalbody", stmts(d.finalbody)),
    ]
}

/// The class name, the fields and the position attributes (if the class has them) of a node.
fn describe<'t, 'a>(n: Node<'t, 'a>) -> (&'static str, Fields<'t, 'a>, Option<Loc>) {
    match n {
        Node::Unit(name) => (name, vec![], None),
        Node::Mod(m) => match m {
            Mod::Module { body, type_ignores } => (
                "Module",
                vec![
                    ("body", stmts(body)),
                    ("type_ignores", Val::List(type_ignores.iter().map(|t| Val::Node(Node::TypeIgnore(t))).collect())),
                ],
                None,
            ),
            Mod::Interactive { body } => ("Interactive", vec![("body", stmts(body))], None),
            Mod::Expression { body } => ("Expression", vec![("body", expr(body))], None),
            Mod::FunctionType { argtypes, returns } => {
                ("FunctionType", vec![("argtypes", exprs(argtypes)), ("returns", expr(returns))], None)
            }
        },
        Node::Stmt(s) => {
            let (name, fields) = stmt_fields(&s.kind);
            (name, fields, Some(s.loc))
        }
        Node::Expr(e) => {
            let (name, fields) = expr_fields(&e.kind);
            (name, fields, Some(e.loc))
        }
        Node::Comprehension(c) => (
            "comprehension",
            vec![
                ("target", expr(c.target)),
                ("iter", expr(c.iter)),
                ("ifs", exprs(c.ifs)),
                ("is_async", leaf_int(c.is_async as u8)),
            ],
            None,
        ),
        Node::ExceptHandler(h) => {
            let mut f = vec![];
            push_opt(&mut f, "type", h.type_.map(expr));
            push_opt(&mut f, "name", h.name.map(leaf_str));
            f.push(("body", stmts(h.body)));
            ("ExceptHandler", f, Some(h.loc))
        }
        Node::Arguments(a) => {
            let args = |xs: &'t [Arg<'a>]| Val::List(xs.iter().map(|x| Val::Node(Node::Arg(x))).collect());
            let mut f = vec![("posonlyargs", args(a.posonlyargs)), ("args", args(a.args))];
            push_opt(&mut f, "vararg", a.vararg.map(|x| Val::Node(Node::Arg(x))));
            f.push(("kwonlyargs", args(a.kwonlyargs)));
            f.push(("kw_defaults", opt_exprs(a.kw_defaults)));
            push_opt(&mut f, "kwarg", a.kwarg.map(|x| Val::Node(Node::Arg(x))));
            f.push(("defaults", exprs(a.defaults)));
            ("arguments", f, None)
        }
        Node::Arg(a) => {
            let mut f = vec![("arg", leaf_str(a.arg))];
            push_opt(&mut f, "annotation", a.annotation.map(expr));
            push_opt(&mut f, "type_comment", a.type_comment.map(leaf_str));
            ("arg", f, Some(a.loc))
        }
        Node::Keyword(k) => {
            let mut f = vec![];
            push_opt(&mut f, "arg", k.arg.map(leaf_str));
            f.push(("value", expr(k.value)));
            ("keyword", f, Some(k.loc))
        }
        Node::Alias(a) => {
            let mut f = vec![("name", leaf_str(a.name))];
            push_opt(&mut f, "asname", a.asname.map(leaf_str));
            ("alias", f, Some(a.loc))
        }
        Node::WithItem(w) => {
            let mut f = vec![("context_expr", expr(w.context_expr))];
            push_opt(&mut f, "optional_vars", w.optional_vars.map(expr));
            ("withitem", f, None)
        }
        Node::MatchCase(c) => {
            let mut f = vec![("pattern", Val::Node(Node::Pattern(c.pattern)))];
            push_opt(&mut f, "guard", c.guard.map(expr));
            f.push(("body", stmts(c.body)));
            ("match_case", f, None)
        }
        Node::Pattern(p) => {
            let (name, fields) = pattern_fields(&p.kind);
            (name, fields, Some(p.loc))
        }
        Node::TypeIgnore(t) => ("TypeIgnore", vec![("lineno", leaf_int(t.lineno)), ("tag", leaf_str(t.tag))], None),
    }
}

fn stmt_fields<'t, 'a>(k: &'t StmtKind<'a>) -> (&'static str, Fields<'t, 'a>) {
    match k {
        StmtKind::FunctionDef(d) => ("FunctionDef", function_def(d)),
        StmtKind::AsyncFunctionDef(d) => ("AsyncFunctionDef", function_def(d)),
        StmtKind::ClassDef(c) => (
            "ClassDef",
            vec![
                ("name", leaf_str(c.name)),
                ("bases", exprs(c.bases)),
                ("keywords", Val::List(c.keywords.iter().map(|k| Val::Node(Node::Keyword(k))).collect())),
                ("body", stmts(c.body)),
                ("decorator_list", exprs(c.decorator_list)),
            ],
        ),
        StmtKind::Return { value } => {
            let mut f = vec![];
            push_opt(&mut f, "value", value.map(expr));
            ("Return", f)
        }
        StmtKind::Delete { targets } => ("Delete", vec![("targets", exprs(targets))]),
        StmtKind::Assign { targets, value, type_comment } => {
            let mut f = vec![("targets", exprs(targets)), ("value", expr(value))];
            push_opt(&mut f, "type_comment", type_comment.map(leaf_str));
            ("Assign", f)
        }
        StmtKind::AugAssign { target, op, value } => {
            ("AugAssign", vec![("target", expr(target)), ("op", operator(*op)), ("value", expr(value))])
        }
        StmtKind::AnnAssign { target, annotation, value, simple } => {
            let mut f = vec![("target", expr(target)), ("annotation", expr(annotation))];
            push_opt(&mut f, "value", value.map(expr));
            f.push(("simple", leaf_int(*simple as u8)));
            ("AnnAssign", f)
        }
        StmtKind::For(d) => ("For", for_fields(d)),
        StmtKind::AsyncFor(d) => ("AsyncFor", for_fields(d)),
        StmtKind::While { test, body, orelse } => {
            ("While", vec![("test", expr(test)), ("body", stmts(body)), ("orelse", stmts(orelse))])
        }
        StmtKind::If { test, body, orelse } => {
            ("If", vec![("test", expr(test)), ("body", stmts(body)), ("orelse", stmts(orelse))])
        }
        StmtKind::With(d) => ("With", with_fields(d)),
        StmtKind::AsyncWith(d) => ("AsyncWith", with_fields(d)),
        StmtKind::Match { subject, cases } => (
            "Match",
            vec![
                ("subject", expr(subject)),
                ("cases", Val::List(cases.iter().map(|c| Val::Node(Node::MatchCase(c))).collect())),
            ],
        ),
        StmtKind::Raise { exc, cause } => {
            let mut f = vec![];
            push_opt(&mut f, "exc", exc.map(expr));
            push_opt(&mut f, "cause", cause.map(expr));
            ("Raise", f)
        }
        StmtKind::Try(d) => ("Try", try_fields(d)),
        StmtKind::TryStar(d) => ("TryStar", try_fields(d)),
        StmtKind::Assert { test, msg } => {
            let mut f = vec![("test", expr(test))];
            push_opt(&mut f, "msg", msg.map(expr));
            ("Assert", f)
        }
        StmtKind::Import { names } => ("Import", vec![("names", aliases(names))]),
        StmtKind::ImportFrom { module, names, level } => {
            let mut f = vec![];
            push_opt(&mut f, "module", module.map(leaf_str));
            f.push(("names", aliases(names)));
            f.push(("level", leaf_int(level)));
            ("ImportFrom", f)
        }
        StmtKind::Global { names } => ("Global", vec![("names", idents(names))]),
        StmtKind::Nonlocal { names } => ("Nonlocal", vec![("names", idents(names))]),
        StmtKind::Expr { value } => ("Expr", vec![("value", expr(value))]),
        StmtKind::Pass => ("Pass", vec![]),
        StmtKind::Break => ("Break", vec![]),
        StmtKind::Continue => ("Continue", vec![]),
    }
}

fn aliases<'t, 'a>(names: &'t [Alias<'a>]) -> Val<'t, 'a> {
    Val::List(names.iter().map(|a| Val::Node(Node::Alias(a))).collect())
}

fn expr_fields<'t, 'a>(k: &'t ExprKind<'a>) -> (&'static str, Fields<'t, 'a>) {
    match k {
        ExprKind::BoolOp { op, values } => (
            "BoolOp",
            vec![
                (
                    "op",
                    unit(match op {
                        BoolOp::And => "And",
                        BoolOp::Or => "Or",
                    }),
                ),
                ("values", exprs(values)),
            ],
        ),
        ExprKind::NamedExpr { target, value } => ("NamedExpr", vec![("target", expr(target)), ("value", expr(value))]),
        ExprKind::BinOp { left, op, right } => {
            ("BinOp", vec![("left", expr(left)), ("op", operator(*op)), ("right", expr(right))])
        }
        ExprKind::UnaryOp { op, operand } => (
            "UnaryOp",
            vec![
                (
                    "op",
                    unit(match op {
                        UnaryOp::Invert => "Invert",
                        UnaryOp::Not => "Not",
                        UnaryOp::UAdd => "UAdd",
                        UnaryOp::USub => "USub",
                    }),
                ),
                ("operand", expr(operand)),
            ],
        ),
        ExprKind::Lambda { args, body } => {
            ("Lambda", vec![("args", Val::Node(Node::Arguments(args))), ("body", expr(body))])
        }
        ExprKind::IfExp { test, body, orelse } => {
            ("IfExp", vec![("test", expr(test)), ("body", expr(body)), ("orelse", expr(orelse))])
        }
        ExprKind::Dict { keys, values } => ("Dict", vec![("keys", opt_exprs(keys)), ("values", exprs(values))]),
        ExprKind::Set { elts } => ("Set", vec![("elts", exprs(elts))]),
        ExprKind::ListComp { elt, generators } => {
            ("ListComp", vec![("elt", expr(elt)), ("generators", comprehensions(generators))])
        }
        ExprKind::SetComp { elt, generators } => {
            ("SetComp", vec![("elt", expr(elt)), ("generators", comprehensions(generators))])
        }
        ExprKind::DictComp { key, value, generators } => {
            ("DictComp", vec![("key", expr(key)), ("value", expr(value)), ("generators", comprehensions(generators))])
        }
        ExprKind::GeneratorExp { elt, generators } => {
            ("GeneratorExp", vec![("elt", expr(elt)), ("generators", comprehensions(generators))])
        }
        ExprKind::Await { value } => ("Await", vec![("value", expr(value))]),
        ExprKind::Yield { value } => {
            let mut f = vec![];
            push_opt(&mut f, "value", value.map(expr));
            ("Yield", f)
        }
        ExprKind::YieldFrom { value } => ("YieldFrom", vec![("value", expr(value))]),
        ExprKind::Compare { left, ops, comparators } => (
            "Compare",
            vec![
                ("left", expr(left)),
                ("ops", Val::List(ops.iter().map(|o| cmpop(*o)).collect())),
                ("comparators", exprs(comparators)),
            ],
        ),
        ExprKind::Call { func, args, keywords } => (
            "Call",
            vec![
                ("func", expr(func)),
                ("args", exprs(args)),
                ("keywords", Val::List(keywords.iter().map(|k| Val::Node(Node::Keyword(k))).collect())),
            ],
        ),
        ExprKind::FormattedValue { value, conversion, format_spec } => {
            let mut f = vec![("value", expr(value)), ("conversion", leaf_int(conversion.as_i32()))];
            push_opt(&mut f, "format_spec", format_spec.map(expr));
            ("FormattedValue", f)
        }
        ExprKind::JoinedStr { values } => ("JoinedStr", vec![("values", exprs(values))]),
        ExprKind::Constant { value, kind } => {
            let mut f = vec![("value", leaf_const(value))];
            push_opt(&mut f, "kind", kind.map(leaf_str));
            ("Constant", f)
        }
        ExprKind::Attribute { value, attr, ctx: c } => {
            ("Attribute", vec![("value", expr(value)), ("attr", leaf_str(attr)), ("ctx", ctx(*c))])
        }
        ExprKind::Subscript { value, slice, ctx: c } => {
            ("Subscript", vec![("value", expr(value)), ("slice", expr(slice)), ("ctx", ctx(*c))])
        }
        ExprKind::Starred { value, ctx: c } => ("Starred", vec![("value", expr(value)), ("ctx", ctx(*c))]),
        ExprKind::Name { id, ctx: c } => ("Name", vec![("id", leaf_str(id)), ("ctx", ctx(*c))]),
        ExprKind::List { elts, ctx: c } => ("List", vec![("elts", exprs(elts)), ("ctx", ctx(*c))]),
        ExprKind::Tuple { elts, ctx: c } => ("Tuple", vec![("elts", exprs(elts)), ("ctx", ctx(*c))]),
        ExprKind::Slice { lower, upper, step } => {
            let mut f = vec![];
            push_opt(&mut f, "lower", lower.map(expr));
            push_opt(&mut f, "upper", upper.map(expr));
            push_opt(&mut f, "step", step.map(expr));
            ("Slice", f)
        }
    }
}

fn pattern_fields<'t, 'a>(k: &'t PatternKind<'a>) -> (&'static str, Fields<'t, 'a>) {
    match k {
        PatternKind::MatchValue { value } => ("MatchValue", vec![("value", expr(value))]),
        PatternKind::MatchSingleton { value } => ("MatchSingleton", vec![("value", leaf_const(value))]),
        PatternKind::MatchSequence { patterns: ps } => ("MatchSequence", vec![("patterns", patterns(ps))]),
        PatternKind::MatchMapping { keys, patterns: ps, rest } => {
            let mut f = vec![("keys", exprs(keys)), ("patterns", patterns(ps))];
            push_opt(&mut f, "rest", rest.map(leaf_str));
            ("MatchMapping", f)
        }
        PatternKind::MatchClass { cls, patterns: ps, kwd_attrs, kwd_patterns } => (
            "MatchClass",
            vec![
                ("cls", expr(cls)),
                ("patterns", patterns(ps)),
                ("kwd_attrs", idents(kwd_attrs)),
                ("kwd_patterns", patterns(kwd_patterns)),
            ],
        ),
        PatternKind::MatchStar { name } => {
            let mut f = vec![];
            push_opt(&mut f, "name", name.map(leaf_str));
            ("MatchStar", f)
        }
        PatternKind::MatchAs { pattern, name } => {
            let mut f = vec![];
            push_opt(&mut f, "pattern", pattern.map(|p| Val::Node(Node::Pattern(p))));
            push_opt(&mut f, "name", name.map(leaf_str));
            ("MatchAs", f)
        }
        PatternKind::MatchOr { patterns: ps } => ("MatchOr", vec![("patterns", patterns(ps))]),
    }
}

struct Dumper {
    out: String,
    opts: DumpOptions,
}

impl Dumper {
    /// The node's arguments as `ast.dump` lists them: fields, then (with `-a`) the position attributes.
    fn args<'t, 'a>(&self, n: Node<'t, 'a>) -> (&'static str, Fields<'t, 'a>) {
        let (name, mut fields, loc) = describe(n);
        if self.opts.include_attributes
            && let Some(loc) = loc
        {
            fields.push(("lineno", leaf_int(loc.lineno)));
            fields.push(("col_offset", leaf_int(loc.col_offset)));
            fields.push(("end_lineno", leaf_int(loc.end_lineno)));
            fields.push(("end_col_offset", leaf_int(loc.end_col_offset)));
        }
        (name, fields)
    }

    fn is_simple(&self, v: &Val<'_, '_>) -> bool {
        match v {
            Val::Leaf(_) | Val::IntTooLong => true,
            Val::List(items) => items.is_empty(),
            Val::Node(n) => self.args(*n).1.is_empty(),
        }
    }

    fn newline(&mut self, level: usize) {
        self.out.push('\n');
        for _ in 0..level * self.opts.indent {
            self.out.push(' ');
        }
    }

    /// `_format(node)` in a frame at Python recursion depth `depth`, checking the limit at each operation in the
    /// order `_format` performs them, so that the first to fail gives CPython's words.
    fn node(&mut self, n: &Node<'_, '_>, depth: usize) -> Result<(), LimitHit> {
        self.node_at(n, depth, 0)
    }

    fn node_at(&mut self, n: &Node<'_, '_>, depth: usize, level: usize) -> Result<(), LimitHit> {
        check(depth, LimitHit::Frame)?;
        let level = level + 1;
        let (name, fields) = self.args(*n);
        self.out.push_str(name);
        self.out.push('(');
        let one_line = fields.len() <= 3 && fields.iter().all(|(_, v)| self.is_simple(v));
        for (i, (fname, v)) in fields.iter().enumerate() {
            if one_line {
                if i > 0 {
                    self.out.push_str(", ");
                }
            } else {
                if i > 0 {
                    self.out.push(',');
                }
                self.newline(level);
            }
            self.out.push_str(fname);
            self.out.push('=');
            self.val(v, depth + 1, level)?;
        }
        // The `str.join` of the arguments.
        check(depth + 1, LimitHit::CCall)?;
        self.out.push(')');
        Ok(())
    }

    fn val(&mut self, v: &Val<'_, '_>, depth: usize, level: usize) -> Result<(), LimitHit> {
        match v {
            Val::Leaf(s) => {
                check(depth, LimitHit::Frame)?;
                check(depth + 1, LimitHit::CCall)?;
                check(depth + 2, LimitHit::Repr)?;
                self.out.push_str(s)
            }
            Val::IntTooLong => {
                check(depth, LimitHit::Frame)?;
                check(depth + 1, LimitHit::CCall)?;
                check(depth + 2, LimitHit::Repr)?;
                return Err(LimitHit::IntDigits);
            }
            Val::Node(n) => self.node_at(n, depth, level)?,
            Val::List(items) => {
                check(depth, LimitHit::Frame)?;
                if items.is_empty() {
                    self.out.push_str("[]");
                    return Ok(());
                }
                // `sep.join(_format(x, level)[0] for x in node)`: the join, then the generator's frame.
                check(depth + 1, LimitHit::CCall)?;
                check(depth + 2, LimitHit::Frame)?;
                let level = level + 1;
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.newline(level);
                    self.val(item, depth + 3, level)?;
                }
                self.out.push(']');
            }
        }
        Ok(())
    }
}
