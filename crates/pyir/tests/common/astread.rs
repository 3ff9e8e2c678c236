//! Reads the `.ast` files `test_data/codegen/gen.py` blesses from CPython's `ast` module into our arena AST, so
//! codegen is tested on CPython's own trees, apart from our parser.

use bumpalo::Bump;
use pyfront::ast::*;

/// A raw token tree: a node `(Kind ...)`, a list `[...]`, or an atom.
enum Raw<'t> {
    Node(&'t str, Vec<Raw<'t>>),
    List(Vec<Raw<'t>>),
    Atom(&'t str),
}

fn parse_raw<'t>(toks: &mut std::iter::Peekable<std::str::SplitWhitespace<'t>>) -> Raw<'t> {
    let t = toks.next().expect("unexpected end of .ast");
    if let Some(kind) = t.strip_prefix('(') {
        let mut items = Vec::new();
        while toks.peek() != Some(&")") {
            items.push(parse_raw(toks));
        }
        toks.next();
        Raw::Node(kind, items)
    } else if t == "[" {
        let mut items = Vec::new();
        while toks.peek() != Some(&"]") {
            items.push(parse_raw(toks));
        }
        toks.next();
        Raw::List(items)
    } else {
        Raw::Atom(t)
    }
}

struct Reader<'a> {
    arena: &'a Bump,
}

fn unhex(h: &str) -> Vec<u8> {
    (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).expect("hex")).collect()
}

impl<'a> Reader<'a> {
    fn s(&self, r: &Raw<'_>) -> &'a str {
        match r {
            Raw::Atom(a) => {
                let bytes = unhex(a.strip_prefix("s:").expect("identifier"));
                self.arena.alloc_str(std::str::from_utf8(&bytes).expect("utf-8"))
            }
            _ => panic!("expected a string"),
        }
    }

    fn opt_s(&self, r: &Raw<'_>) -> Option<&'a str> {
        match r {
            Raw::Atom("_") => None,
            _ => Some(self.s(r)),
        }
    }

    fn int(&self, r: &Raw<'_>) -> i64 {
        match r {
            Raw::Atom(a) => a.strip_prefix("i:").expect("int").parse().expect("int"),
            _ => panic!("expected an int"),
        }
    }

    fn loc(items: &[Raw<'_>]) -> Loc {
        let n = |i: usize| match &items[i] {
            Raw::Atom(a) => a.parse::<u32>().expect("position"),
            _ => panic!("expected a position"),
        };
        Loc { lineno: n(0), col_offset: n(1), end_lineno: n(2), end_col_offset: n(3) }
    }

    fn list<T>(&self, r: &Raw<'_>, f: impl Fn(&Self, &Raw<'_>) -> T) -> &'a [T] {
        match r {
            Raw::List(items) => self.arena.alloc_slice_fill_iter(items.iter().map(|i| f(self, i))),
            _ => panic!("expected a list"),
        }
    }

    fn constant(&self, r: &Raw<'_>) -> Constant<'a> {
        let Raw::Atom(a) = r else { panic!("expected a constant") };
        match *a {
            "N" => Constant::None,
            "T" => Constant::Bool(true),
            "F" => Constant::Bool(false),
            "E" => Constant::Ellipsis,
            _ => {
                let (tag, v) = a.split_at(2);
                match tag {
                    "i:" => match v.parse::<i64>() {
                        Ok(i) => Constant::Int(Int::Small(i)),
                        Err(_) => {
                            let big: num_bigint::BigInt = v.parse().expect("big int");
                            let (sign, mag) = big.to_u32_digits();
                            Constant::Int(Int::Big {
                                negative: sign == num_bigint::Sign::Minus,
                                magnitude: self.arena.alloc_slice_copy(&mag),
                            })
                        }
                    },
                    "f:" => Constant::Float(v.parse().expect("float")),
                    "j:" => Constant::Complex { real: 0.0, imag: v.parse().expect("complex") },
                    "s:" => {
                        let bytes = unhex(v);
                        let w = pyfront::wtf8::Wtf8::from_bytes(&bytes).expect("generalized utf-8");
                        Constant::Str(w.alloc_in(self.arena))
                    }
                    "b:" => Constant::Bytes(self.arena.alloc_slice_copy(&unhex(v))),
                    _ => panic!("unknown constant {a}"),
                }
            }
        }
    }

    fn ctx(r: &Raw<'_>) -> ExprContext {
        match r {
            Raw::Atom("Load") => ExprContext::Load,
            Raw::Atom("Store") => ExprContext::Store,
            Raw::Atom("Del") => ExprContext::Del,
            _ => panic!("expected a context"),
        }
    }

    fn operator(r: &Raw<'_>) -> Operator {
        let Raw::Atom(a) = r else { panic!("expected an operator") };
        match *a {
            "Add" => Operator::Add,
            "Sub" => Operator::Sub,
            "Mult" => Operator::Mult,
            "MatMult" => Operator::MatMult,
            "Div" => Operator::Div,
            "Mod" => Operator::Mod,
            "Pow" => Operator::Pow,
            "LShift" => Operator::LShift,
            "RShift" => Operator::RShift,
            "BitOr" => Operator::BitOr,
            "BitXor" => Operator::BitXor,
            "BitAnd" => Operator::BitAnd,
            "FloorDiv" => Operator::FloorDiv,
            _ => panic!("unknown operator {a}"),
        }
    }

    fn cmpop(_: &Self, r: &Raw<'_>) -> CmpOp {
        let Raw::Atom(a) = r else { panic!("expected a comparison") };
        match *a {
            "Eq" => CmpOp::Eq,
            "NotEq" => CmpOp::NotEq,
            "Lt" => CmpOp::Lt,
            "LtE" => CmpOp::LtE,
            "Gt" => CmpOp::Gt,
            "GtE" => CmpOp::GtE,
            "Is" => CmpOp::Is,
            "IsNot" => CmpOp::IsNot,
            "In" => CmpOp::In,
            "NotIn" => CmpOp::NotIn,
            _ => panic!("unknown comparison {a}"),
        }
    }

    fn expr_ref(&self, r: &Raw<'_>) -> &'a Expr<'a> {
        self.arena.alloc(self.expr(r))
    }

    fn opt_expr(&self, r: &Raw<'_>) -> Option<&'a Expr<'a>> {
        match r {
            Raw::Atom("_") => None,
            _ => Some(self.expr_ref(r)),
        }
    }

    fn exprs(&self, r: &Raw<'_>) -> &'a [Expr<'a>] {
        self.list(r, |s, x| s.expr(x))
    }

    fn comprehension(&self, r: &Raw<'_>) -> Comprehension<'a> {
        let Raw::Node("comprehension", f) = r else { panic!("expected a comprehension") };
        Comprehension {
            target: self.expr_ref(&f[0]),
            iter: self.expr_ref(&f[1]),
            ifs: self.exprs(&f[2]),
            is_async: self.int(&f[3]) != 0,
        }
    }

    fn arg(&self, r: &Raw<'_>) -> Arg<'a> {
        let Raw::Node("arg", f) = r else { panic!("expected an arg") };
        Arg { loc: Self::loc(f), arg: self.s(&f[4]), annotation: self.opt_expr(&f[5]), type_comment: self.opt_s(&f[6]) }
    }

    fn arguments(&self, r: &Raw<'_>) -> &'a Arguments<'a> {
        let Raw::Node("arguments", f) = r else { panic!("expected arguments") };
        self.arena.alloc(Arguments {
            posonlyargs: self.list(&f[0], |s, x| s.arg(x)),
            args: self.list(&f[1], |s, x| s.arg(x)),
            vararg: match &f[2] {
                Raw::Atom("_") => None,
                a => Some(self.arena.alloc(self.arg(a))),
            },
            kwonlyargs: self.list(&f[3], |s, x| s.arg(x)),
            kw_defaults: self.list(&f[4], |s, x| match x {
                Raw::Atom("_") => None,
                e => Some(s.expr(e)),
            }),
            kwarg: match &f[5] {
                Raw::Atom("_") => None,
                a => Some(self.arena.alloc(self.arg(a))),
            },
            defaults: self.exprs(&f[6]),
        })
    }

    fn keyword(&self, r: &Raw<'_>) -> Keyword<'a> {
        let Raw::Node("keyword", f) = r else { panic!("expected a keyword") };
        Keyword { loc: Self::loc(f), arg: self.opt_s(&f[4]), value: self.expr_ref(&f[5]) }
    }

    fn expr(&self, r: &Raw<'_>) -> Expr<'a> {
        let Raw::Node(kind, f) = r else { panic!("expected an expression") };
        let loc = Self::loc(f);
        let f = &f[4..];
        let kind = match *kind {
            "BoolOp" => ExprKind::BoolOp {
                op: if matches!(f[0], Raw::Atom("And")) { BoolOp::And } else { BoolOp::Or },
                values: self.exprs(&f[1]),
            },
            "NamedExpr" => ExprKind::NamedExpr { target: self.expr_ref(&f[0]), value: self.expr_ref(&f[1]) },
            "BinOp" => {
                ExprKind::BinOp { left: self.expr_ref(&f[0]), op: Self::operator(&f[1]), right: self.expr_ref(&f[2]) }
            }
            "UnaryOp" => ExprKind::UnaryOp {
                op: match f[0] {
                    Raw::Atom("Invert") => UnaryOp::Invert,
                    Raw::Atom("Not") => UnaryOp::Not,
                    Raw::Atom("UAdd") => UnaryOp::UAdd,
                    _ => UnaryOp::USub,
                },
                operand: self.expr_ref(&f[1]),
            },
            "Lambda" => ExprKind::Lambda { args: self.arguments(&f[0]), body: self.expr_ref(&f[1]) },
            "IfExp" => {
                ExprKind::IfExp { test: self.expr_ref(&f[0]), body: self.expr_ref(&f[1]), orelse: self.expr_ref(&f[2]) }
            }
            "Dict" => ExprKind::Dict {
                keys: self.list(&f[0], |s, x| match x {
                    Raw::Atom("_") => None,
                    e => Some(s.expr(e)),
                }),
                values: self.exprs(&f[1]),
            },
            "Set" => ExprKind::Set { elts: self.exprs(&f[0]) },
            "ListComp" | "SetComp" | "GeneratorExp" => {
                let elt = self.expr_ref(&f[0]);
                let generators = self.list(&f[1], |s, x| s.comprehension(x));
                match *kind {
                    "ListComp" => ExprKind::ListComp { elt, generators },
                    "SetComp" => ExprKind::SetComp { elt, generators },
                    _ => ExprKind::GeneratorExp { elt, generators },
                }
            }
            "DictComp" => ExprKind::DictComp {
                key: self.expr_ref(&f[0]),
                value: self.expr_ref(&f[1]),
                generators: self.list(&f[2], |s, x| s.comprehension(x)),
            },
            "Await" => ExprKind::Await { value: self.expr_ref(&f[0]) },
            "Yield" => ExprKind::Yield { value: self.opt_expr(&f[0]) },
            "YieldFrom" => ExprKind::YieldFrom { value: self.expr_ref(&f[0]) },
            "Compare" => ExprKind::Compare {
                left: self.expr_ref(&f[0]),
                ops: self.list(&f[1], Self::cmpop),
                comparators: self.exprs(&f[2]),
            },
            "Call" => ExprKind::Call {
                func: self.expr_ref(&f[0]),
                args: self.exprs(&f[1]),
                keywords: self.list(&f[2], |s, x| s.keyword(x)),
            },
            "FormattedValue" => ExprKind::FormattedValue {
                value: self.expr_ref(&f[0]),
                conversion: match self.int(&f[1]) {
                    115 => Conversion::Str,
                    114 => Conversion::Repr,
                    97 => Conversion::Ascii,
                    _ => Conversion::None,
                },
                format_spec: self.opt_expr(&f[2]),
            },
            "JoinedStr" => ExprKind::JoinedStr { values: self.exprs(&f[0]) },
            "Constant" => ExprKind::Constant { value: self.constant(&f[0]), kind: self.opt_s(&f[1]) },
            "Attribute" => {
                ExprKind::Attribute { value: self.expr_ref(&f[0]), attr: self.s(&f[1]), ctx: Self::ctx(&f[2]) }
            }
            "Subscript" => {
                ExprKind::Subscript { value: self.expr_ref(&f[0]), slice: self.expr_ref(&f[1]), ctx: Self::ctx(&f[2]) }
            }
            "Starred" => ExprKind::Starred { value: self.expr_ref(&f[0]), ctx: Self::ctx(&f[1]) },
            "Name" => ExprKind::Name { id: self.s(&f[0]), ctx: Self::ctx(&f[1]) },
            "List" => ExprKind::List { elts: self.exprs(&f[0]), ctx: Self::ctx(&f[1]) },
            "Tuple" => ExprKind::Tuple { elts: self.exprs(&f[0]), ctx: Self::ctx(&f[1]) },
            "Slice" => {
                ExprKind::Slice { lower: self.opt_expr(&f[0]), upper: self.opt_expr(&f[1]), step: self.opt_expr(&f[2]) }
            }
            _ => panic!("unknown expression {kind}"),
        };
        Expr { kind, loc }
    }

    fn patterns(&self, r: &Raw<'_>) -> &'a [Pattern<'a>] {
        self.list(r, |s, x| s.pattern(x))
    }

    fn pattern(&self, r: &Raw<'_>) -> Pattern<'a> {
        let Raw::Node(kind, f) = r else { panic!("expected a pattern") };
        let loc = Self::loc(f);
        let f = &f[4..];
        let kind = match *kind {
            "MatchValue" => PatternKind::MatchValue { value: self.expr_ref(&f[0]) },
            // gen.py writes the singleton as a plain field, so None comes out as a missing optional.
            "MatchSingleton" => PatternKind::MatchSingleton {
                value: match &f[0] {
                    Raw::Atom("_") => Constant::None,
                    c => self.constant(c),
                },
            },
            "MatchSequence" => PatternKind::MatchSequence { patterns: self.patterns(&f[0]) },
            "MatchMapping" => PatternKind::MatchMapping {
                keys: self.exprs(&f[0]),
                patterns: self.patterns(&f[1]),
                rest: self.opt_s(&f[2]),
            },
            "MatchClass" => PatternKind::MatchClass {
                cls: self.expr_ref(&f[0]),
                patterns: self.patterns(&f[1]),
                kwd_attrs: self.list(&f[2], |s, x| s.s(x)),
                kwd_patterns: self.patterns(&f[3]),
            },
            "MatchStar" => PatternKind::MatchStar { name: self.opt_s(&f[0]) },
            "MatchAs" => PatternKind::MatchAs {
                pattern: match &f[0] {
                    Raw::Atom("_") => None,
                    p => Some(&*self.arena.alloc(self.pattern(p))),
                },
                name: self.opt_s(&f[1]),
            },
            "MatchOr" => PatternKind::MatchOr { patterns: self.patterns(&f[0]) },
            _ => panic!("unsupported pattern {kind} in .ast"),
        };
        Pattern { kind, loc }
    }

    fn stmts(&self, r: &Raw<'_>) -> &'a [Stmt<'a>] {
        self.list(r, |s, x| s.stmt(x))
    }

    fn stmt(&self, r: &Raw<'_>) -> Stmt<'a> {
        let Raw::Node(kind, f) = r else { panic!("expected a statement") };
        let loc = Self::loc(f);
        let f = &f[4..];
        let kind = match *kind {
            "FunctionDef" => StmtKind::FunctionDef(self.arena.alloc(FunctionDef {
                name: self.s(&f[0]),
                args: self.arguments(&f[1]),
                body: self.stmts(&f[2]),
                decorator_list: self.exprs(&f[3]),
                returns: self.opt_expr(&f[4]),
                type_comment: self.opt_s(&f[5]),
            })),
            "AsyncFunctionDef" => StmtKind::AsyncFunctionDef(self.arena.alloc(FunctionDef {
                name: self.s(&f[0]),
                args: self.arguments(&f[1]),
                body: self.stmts(&f[2]),
                decorator_list: self.exprs(&f[3]),
                returns: self.opt_expr(&f[4]),
                type_comment: self.opt_s(&f[5]),
            })),
            "ClassDef" => StmtKind::ClassDef(self.arena.alloc(ClassDef {
                name: self.s(&f[0]),
                bases: self.exprs(&f[1]),
                keywords: self.list(&f[2], |s, x| s.keyword(x)),
                body: self.stmts(&f[3]),
                decorator_list: self.exprs(&f[4]),
            })),
            "AnnAssign" => StmtKind::AnnAssign {
                target: self.expr_ref(&f[0]),
                annotation: self.expr_ref(&f[1]),
                value: self.opt_expr(&f[2]),
                simple: self.int(&f[3]) != 0,
            },
            "AsyncFor" => StmtKind::AsyncFor(self.arena.alloc(For {
                target: self.expr_ref(&f[0]),
                iter: self.expr_ref(&f[1]),
                body: self.stmts(&f[2]),
                orelse: self.stmts(&f[3]),
                type_comment: self.opt_s(&f[4]),
            })),
            "With" | "AsyncWith" => {
                let w = self.arena.alloc(With {
                    items: self.list(&f[0], |s, x| {
                        let Raw::Node("withitem", a) = x else { panic!("expected a withitem") };
                        WithItem { context_expr: s.expr_ref(&a[0]), optional_vars: s.opt_expr(&a[1]) }
                    }),
                    body: self.stmts(&f[1]),
                    type_comment: self.opt_s(&f[2]),
                });
                if *kind == "With" { StmtKind::With(w) } else { StmtKind::AsyncWith(w) }
            }
            "Try" | "TryStar" => {
                let t = self.arena.alloc(Try {
                    body: self.stmts(&f[0]),
                    handlers: self.list(&f[1], |s, x| {
                        let Raw::Node("ExceptHandler", a) = x else { panic!("expected an ExceptHandler") };
                        ExceptHandler {
                            loc: Self::loc(a),
                            type_: s.opt_expr(&a[4]),
                            name: s.opt_s(&a[5]),
                            body: s.stmts(&a[6]),
                        }
                    }),
                    orelse: self.stmts(&f[2]),
                    finalbody: self.stmts(&f[3]),
                });
                if *kind == "Try" { StmtKind::Try(t) } else { StmtKind::TryStar(t) }
            }
            "Assert" => StmtKind::Assert { test: self.expr_ref(&f[0]), msg: self.opt_expr(&f[1]) },
            "ImportFrom" => StmtKind::ImportFrom {
                module: self.opt_s(&f[0]),
                names: self.list(&f[1], |s, x| {
                    let Raw::Node("alias", a) = x else { panic!("expected an alias") };
                    Alias { loc: Self::loc(a), name: s.s(&a[4]), asname: s.opt_s(&a[5]) }
                }),
                level: self.int(&f[2]) as u32,
            },
            "Return" => StmtKind::Return { value: self.opt_expr(&f[0]) },
            "Delete" => StmtKind::Delete { targets: self.exprs(&f[0]) },
            "Assign" => StmtKind::Assign {
                targets: self.exprs(&f[0]),
                value: self.expr_ref(&f[1]),
                type_comment: self.opt_s(&f[2]),
            },
            "AugAssign" => StmtKind::AugAssign {
                target: self.expr_ref(&f[0]),
                op: Self::operator(&f[1]),
                value: self.expr_ref(&f[2]),
            },
            "For" => StmtKind::For(self.arena.alloc(For {
                target: self.expr_ref(&f[0]),
                iter: self.expr_ref(&f[1]),
                body: self.stmts(&f[2]),
                orelse: self.stmts(&f[3]),
                type_comment: self.opt_s(&f[4]),
            })),
            "While" => {
                StmtKind::While { test: self.expr_ref(&f[0]), body: self.stmts(&f[1]), orelse: self.stmts(&f[2]) }
            }
            "If" => StmtKind::If { test: self.expr_ref(&f[0]), body: self.stmts(&f[1]), orelse: self.stmts(&f[2]) },
            "Raise" => StmtKind::Raise { exc: self.opt_expr(&f[0]), cause: self.opt_expr(&f[1]) },
            "Import" => StmtKind::Import {
                names: self.list(&f[0], |s, x| {
                    let Raw::Node("alias", a) = x else { panic!("expected an alias") };
                    Alias { loc: Self::loc(a), name: s.s(&a[4]), asname: s.opt_s(&a[5]) }
                }),
            },
            "Global" => StmtKind::Global { names: self.list(&f[0], |s, x| s.s(x)) },
            "Nonlocal" => StmtKind::Nonlocal { names: self.list(&f[0], |s, x| s.s(x)) },
            "Expr" => StmtKind::Expr { value: self.expr_ref(&f[0]) },
            "Match" => StmtKind::Match {
                subject: self.expr_ref(&f[0]),
                cases: self.list(&f[1], |s, x| {
                    let Raw::Node("match_case", a) = x else { panic!("expected a match_case") };
                    MatchCase {
                        pattern: s.arena.alloc(s.pattern(&a[0])),
                        guard: s.opt_expr(&a[1]),
                        body: s.stmts(&a[2]),
                    }
                }),
            },
            "Pass" => StmtKind::Pass,
            "Break" => StmtKind::Break,
            "Continue" => StmtKind::Continue,
            _ => panic!("unsupported statement {kind} in .ast"),
        };
        Stmt { kind, loc }
    }
}

/// Reads a `.ast` file's text into a module allocated in `arena`.
pub fn read_module<'a>(arena: &'a Bump, text: &str) -> Mod<'a> {
    let mut toks = text.split_whitespace().peekable();
    let raw = parse_raw(&mut toks);
    let r = Reader { arena };
    let Raw::Node("Module", f) = &raw else { panic!("expected a Module") };
    Mod::Module { body: r.stmts(&f[0]), type_ignores: &[] }
}
