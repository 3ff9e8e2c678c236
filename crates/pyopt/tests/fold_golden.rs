//! Golden tests of the AST folder: every `test_data/fold/*.py` against its `.fold` file blessed from CPython 3.11
//! (`python3 crates/pyopt/test_data/fold/bless.py`; never edit a `.fold` file by hand).
//!
//! CPython does not show its optimised AST, only the code compiled from it, so this harness parses each case, folds
//! it, and replays just enough of 3.11's codegen to list the constants (`co_consts`, in first-use order, deduplicated),
//! the names and, for expressions, the instructions. Cases whose shape the replay does not cover (chained
//! comparisons, starred items, keyword arguments) compare constants only.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use bumpalo::Bump;
use pyfront::ast::{CmpOp, Constant, Conversion, Expr, ExprKind, Mod, Stmt, StmtKind, UnaryOp};
use pyfront::{Mode, parse};
use pyopt::fold::{FoldConfig, fold_module};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/fold")
}

/// Python's repr of a constant, frozenset items sorted by repr as `bless.py` writes them.
fn repr(c: &Constant<'_>) -> String {
    match c {
        Constant::Tuple(items) => {
            let items: Vec<_> = items.iter().map(repr).collect();
            format!("({}{})", items.join(", "), if items.len() == 1 { "," } else { "" })
        }
        Constant::FrozenSet(items) => {
            let mut items: Vec<_> = items.iter().map(repr).collect();
            items.sort();
            format!("frozenset({{{}}})", items.join(", "))
        }
        leaf => {
            let mut s = String::new();
            pyfront::repr::write_constant_repr(&mut s, leaf);
            s
        }
    }
}

/// A replay of the parts of 3.11's codegen that decide `co_consts`, `co_names` and the instruction list.
#[derive(Default)]
struct Replay {
    consts: Vec<String>,
    names: Vec<String>,
    ops: Vec<String>,
    /// False once a node the replay does not model exactly was met: its instructions are then not compared.
    exact: bool,
}

fn add(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

fn is_const(e: &Expr<'_>) -> bool {
    matches!(e.kind, ExprKind::Constant { .. })
}

impl Replay {
    fn new() -> Replay {
        Replay { exact: true, ..Replay::default() }
    }

    fn op(&mut self, s: impl Into<String>) {
        self.ops.push(s.into());
    }

    fn load_const(&mut self, repr: String) {
        add(&mut self.consts, repr);
        self.op("LOAD_CONST");
    }

    fn name(&mut self, id: &str) {
        add(&mut self.names, repr(&Constant::Str(pyfront::wtf8::Wtf8::new(id))));
    }

    fn expr(&mut self, e: &Expr<'_>) {
        match &e.kind {
            ExprKind::Constant { value, .. } => self.load_const(repr(value)),
            ExprKind::Name { id, .. } => {
                self.name(id);
                self.op(format!("LOAD_NAME({id})"));
            }
            ExprKind::BinOp { left, op, right } => {
                self.expr(left);
                self.expr(right);
                self.op(format!("BINARY_OP({})", pyir::codegen::binary_oparg(*op, false)));
            }
            ExprKind::UnaryOp { op, operand } => {
                self.expr(operand);
                self.op(match op {
                    UnaryOp::Invert => "UNARY_INVERT",
                    UnaryOp::Not => "UNARY_NOT",
                    UnaryOp::UAdd => "UNARY_POSITIVE",
                    UnaryOp::USub => "UNARY_NEGATIVE",
                });
            }
            ExprKind::Compare { left, ops, comparators } => {
                self.expr(left);
                for c in comparators.iter() {
                    self.expr(c);
                }
                if ops.len() != 1 {
                    self.exact = false;
                    return;
                }
                self.op(match ops[0] {
                    CmpOp::Lt => "COMPARE_OP(0)",
                    CmpOp::LtE => "COMPARE_OP(1)",
                    CmpOp::Eq => "COMPARE_OP(2)",
                    CmpOp::NotEq => "COMPARE_OP(3)",
                    CmpOp::Gt => "COMPARE_OP(4)",
                    CmpOp::GtE => "COMPARE_OP(5)",
                    CmpOp::Is => "IS_OP(0)",
                    CmpOp::IsNot => "IS_OP(1)",
                    CmpOp::In => "CONTAINS_OP(0)",
                    CmpOp::NotIn => "CONTAINS_OP(1)",
                });
            }
            ExprKind::Tuple { elts, .. } => self.display(elts, "TUPLE", None),
            ExprKind::List { elts, .. } => self.display(elts, "LIST", Some(("LIST_EXTEND", false))),
            ExprKind::Set { elts } => self.display(elts, "SET", Some(("SET_UPDATE", true))),
            ExprKind::JoinedStr { values } => {
                for v in values.iter() {
                    self.expr(v);
                }
                if values.len() != 1 {
                    self.op(format!("BUILD_STRING({})", values.len()));
                }
            }
            ExprKind::FormattedValue { value, conversion, format_spec } => {
                self.expr(value);
                if let Some(spec) = format_spec {
                    self.expr(spec);
                }
                let conv = match conversion {
                    Conversion::None => 0,
                    Conversion::Str => 1,
                    Conversion::Repr => 2,
                    Conversion::Ascii => 3,
                };
                self.op(format!("FORMAT_VALUE({})", conv | if format_spec.is_some() { 4 } else { 0 }));
            }
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value);
                self.expr(slice);
                self.op("BINARY_SUBSCR");
            }
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper] {
                    match part {
                        Some(p) => self.expr(p),
                        None => self.load_const("None".into()),
                    }
                }
                if let Some(s) = step {
                    self.expr(s);
                }
                self.op(format!("BUILD_SLICE({})", if step.is_some() { 3 } else { 2 }));
            }
            ExprKind::Call { func, args, keywords } => {
                self.op("PUSH_NULL");
                self.expr(func);
                for a in args.iter() {
                    self.expr(a);
                }
                if !keywords.is_empty() || args.iter().any(|a| matches!(a.kind, ExprKind::Starred { .. })) {
                    self.exact = false;
                }
                self.op(format!("PRECALL({})", args.len()));
                self.op(format!("CALL({})", args.len()));
            }
            ExprKind::Attribute { value, attr, .. } => {
                self.expr(value);
                self.name(attr);
                self.op(format!("LOAD_ATTR({attr})"));
            }
            ExprKind::ListComp { generators, .. } if generators.len() == 1 => {
                self.load_const("<code <listcomp>>".into());
                self.op("MAKE_FUNCTION(0)");
                self.expr(generators[0].iter);
                self.op("GET_ITER");
                self.op("PRECALL(0)");
                self.op("CALL(0)");
            }
            ExprKind::Starred { value, .. } => {
                self.exact = false;
                self.expr(value);
            }
            _ => panic!("the replay does not model {e:?}"),
        }
    }

    /// Tuple, list and set displays: 3.11 loads three or more constant items as one constant and extends.
    fn display(&mut self, elts: &[Expr<'_>], kind: &str, extend: Option<(&str, bool)>) {
        if elts.iter().any(|e| matches!(e.kind, ExprKind::Starred { .. })) {
            self.exact = false;
            for e in elts {
                self.expr(e);
            }
            return;
        }
        if let Some((extend_op, frozen)) = extend
            && elts.len() > 2
            && elts.iter().all(is_const)
        {
            let items: Vec<_> = elts
                .iter()
                .map(|e| match e.kind {
                    ExprKind::Constant { value, .. } => value,
                    _ => unreachable!(),
                })
                .collect();
            self.op(format!("BUILD_{kind}(0)"));
            let arena = Bump::new();
            let items = arena.alloc_slice_copy(&items);
            let c = if frozen { Constant::FrozenSet(items) } else { Constant::Tuple(items) };
            self.load_const(repr(&c));
            self.op(format!("{extend_op}(1)"));
            return;
        }
        for e in elts {
            self.expr(e);
        }
        self.op(format!("BUILD_{kind}({})", elts.len()));
    }

    fn stmts(&mut self, body: &[Stmt<'_>]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &Stmt<'_>) {
        match &s.kind {
            StmtKind::Expr { value } if is_const(value) => {}
            StmtKind::Expr { value } => self.expr(value),
            StmtKind::Assign { targets, value, .. } => {
                self.expr(value);
                for t in targets.iter() {
                    self.store(t);
                }
            }
            StmtKind::For(f) => {
                self.expr(f.iter);
                self.store(f.target);
                self.stmts(f.body);
                self.stmts(f.orelse);
            }
            StmtKind::If { test, body, orelse } => {
                self.expr(test);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::Pass => {}
            StmtKind::FunctionDef(f) => {
                let mut inner = Replay::new();
                let body = match docstring(f.body) {
                    Some(doc) => {
                        add(&mut inner.consts, doc);
                        &f.body[1..]
                    }
                    None => {
                        add(&mut inner.consts, "None".into());
                        f.body
                    }
                };
                inner.stmts(body);
                add(&mut inner.consts, "None".into());
                let code = format!("<code {} consts={} names={}>", f.name, tuple(&inner.consts), tuple(&inner.names));
                self.load_const(code);
                self.name(f.name);
            }
            other => panic!("the replay does not model {other:?}"),
        }
    }

    fn store(&mut self, target: &Expr<'_>) {
        match target.kind {
            ExprKind::Name { id, .. } => self.name(id),
            _ => panic!("the replay only stores to names"),
        }
    }

    fn module(&mut self, body: &[Stmt<'_>]) {
        let body = match docstring(body) {
            Some(doc) => {
                add(&mut self.consts, doc);
                self.name("__doc__");
                &body[1..]
            }
            None => body,
        };
        self.stmts(body);
        add(&mut self.consts, "None".into());
    }
}

fn docstring(body: &[Stmt<'_>]) -> Option<String> {
    match body.first()?.kind {
        StmtKind::Expr { value: Expr { kind: ExprKind::Constant { value: v @ Constant::Str(_), .. }, .. } } => {
            Some(repr(v))
        }
        _ => None,
    }
}

fn tuple(items: &[String]) -> String {
    format!("({}{})", items.join(", "), if items.len() == 1 { "," } else { "" })
}

/// What our folder gives for one case file, in the `.fold` format (instructions only where the replay is exact).
fn run_case(path: &Path) -> (String, String) {
    let src = std::fs::read_to_string(path).unwrap();
    let expected = std::fs::read_to_string(path.with_extension("fold")).unwrap();
    let mut out = String::new();
    if src.starts_with("# mode: exec\n") {
        let optimize = src.lines().find_map(|l| l.strip_prefix("# optimize: ")).map_or(0, |v| v.parse().unwrap());
        let arena = Bump::new();
        let m = parse(&src, Mode::Module, &arena).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let cfg = FoldConfig { optimize, ..FoldConfig::cpython() };
        let Mod::Module { body, .. } = fold_module(&m, &arena, &cfg).unwrap() else { unreachable!() };
        let mut r = Replay::new();
        r.module(body);
        writeln!(out, "consts: {}", tuple(&r.consts)).unwrap();
        writeln!(out, "names: {}", tuple(&r.names)).unwrap();
        return (out, expected);
    }
    let mut expected_filtered = String::new();
    let mut exp_lines = expected.lines();
    for line in src.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let (e_src, e_consts, e_ops) = (exp_lines.next(), exp_lines.next(), exp_lines.next());
        let arena = Bump::new();
        let m = parse(line, Mode::Expression, &arena).unwrap_or_else(|e| panic!("{line}: {e:?}"));
        let Mod::Expression { body } = fold_module(&m, &arena, &FoldConfig::cpython()).unwrap() else { unreachable!() };
        let mut r = Replay::new();
        r.expr(body);
        writeln!(out, "{line}\n    consts: {}", tuple(&r.consts)).unwrap();
        writeln!(expected_filtered, "{}\n{}", e_src.unwrap_or(""), e_consts.unwrap_or("")).unwrap();
        if r.exact {
            writeln!(out, "    ops: {}", r.ops.join(" ")).unwrap();
            writeln!(expected_filtered, "{}", e_ops.unwrap_or("")).unwrap();
        }
    }
    (out, expected_filtered)
}

#[test]
fn fold_goldens() {
    let mut paths: Vec<_> = std::fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            // Case files are `NNNN_name.py`; the other scripts here generate and bless them.
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".py") && name.as_bytes().get(..4).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        })
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    let (mut cases, mut passed) = (0, 0);
    for path in &paths {
        let (got, expected) = run_case(path);
        // Each case is a block of lines starting at a line without indentation.
        let blocks = |s: &str| -> Vec<String> {
            let mut v: Vec<String> = Vec::new();
            for l in s.lines() {
                match v.last_mut() {
                    Some(b) if l.starts_with("    ") || l.starts_with("names:") => {
                        b.push('\n');
                        b.push_str(l);
                    }
                    _ => v.push(l.to_string()),
                }
            }
            v
        };
        let (g, e) = (blocks(&got), blocks(&expected));
        assert_eq!(g.len(), e.len(), "{}: case count", path.display());
        for (g, e) in g.iter().zip(&e) {
            cases += 1;
            if g == e {
                passed += 1;
            } else {
                failures.push(format!(
                    "{}:\n  ours:    {}\n  CPython: {}",
                    path.display(),
                    g.replace('\n', "\n  "),
                    e.replace('\n', "\n  ")
                ));
            }
        }
    }
    eprintln!("fold goldens: {passed}/{cases} cases identical to CPython 3.11");
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
}
