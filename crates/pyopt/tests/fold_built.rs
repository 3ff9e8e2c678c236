//! The AST folder on hand-built trees: one check per rule family and boundary of CPython 3.11's `ast_opt.c`.
//!
//! Expected values are the facts CPython 3.11.7 shows for the same expressions (see `test_data/fold/*.fold`, which
//! are blessed from CPython; the golden harness in `fold_golden.rs` covers the same cases from source).

use bumpalo::Bump;
use num_bigint::BigInt;
use pyfront::ast::{
    CmpOp, Constant, Conversion, Expr, ExprContext, ExprKind, Int, Loc, Mod, Operator, Stmt, StmtKind, UnaryOp,
};
use pyopt::fold::{FoldConfig, NO_LOC, fold_expr, fold_module};

struct B<'a> {
    a: &'a Bump,
}

const L: Loc = Loc { lineno: 1, col_offset: 0, end_lineno: 1, end_col_offset: 1 };

impl<'a> B<'a> {
    fn e(&self, kind: ExprKind<'a>) -> &'a Expr<'a> {
        self.a.alloc(Expr { kind, loc: L })
    }
    fn c(&self, value: Constant<'a>) -> &'a Expr<'a> {
        self.e(ExprKind::Constant { value, kind: None })
    }
    fn int(&self, v: i64) -> &'a Expr<'a> {
        self.c(Constant::Int(Int::Small(v)))
    }
    fn big(&self, v: &BigInt) -> &'a Expr<'a> {
        let (sign, digits) = v.to_u32_digits();
        self.c(Constant::Int(Int::Big {
            negative: sign == num_bigint::Sign::Minus,
            magnitude: self.a.alloc_slice_copy(&digits),
        }))
    }
    fn float(&self, v: f64) -> &'a Expr<'a> {
        self.c(Constant::Float(v))
    }
    fn s(&self, v: &str) -> &'a Expr<'a> {
        self.c(Constant::Str(pyfront::wtf8::Wtf8::new(self.a.alloc_str(v))))
    }
    fn bytes(&self, v: &[u8]) -> &'a Expr<'a> {
        self.c(Constant::Bytes(self.a.alloc_slice_copy(v)))
    }
    fn name(&self, id: &str) -> &'a Expr<'a> {
        self.e(ExprKind::Name { id: self.a.alloc_str(id), ctx: ExprContext::Load })
    }
    fn bin(&self, left: &'a Expr<'a>, op: Operator, right: &'a Expr<'a>) -> &'a Expr<'a> {
        self.e(ExprKind::BinOp { left, op, right })
    }
    fn un(&self, op: UnaryOp, operand: &'a Expr<'a>) -> &'a Expr<'a> {
        self.e(ExprKind::UnaryOp { op, operand })
    }
    fn list(&self, items: &[&'a Expr<'a>]) -> &'a [Expr<'a>] {
        self.a.alloc_slice_fill_iter(items.iter().map(|e| **e))
    }
    fn tuple(&self, items: &[&'a Expr<'a>]) -> &'a Expr<'a> {
        self.e(ExprKind::Tuple { elts: self.list(items), ctx: ExprContext::Load })
    }
    fn sub(&self, value: &'a Expr<'a>, slice: &'a Expr<'a>) -> &'a Expr<'a> {
        self.e(ExprKind::Subscript { value, slice, ctx: ExprContext::Load })
    }
    /// A list display of ints and names written as strings.
    fn list_of(&self, items: &[&str]) -> &'a Expr<'a> {
        let elts: Vec<_> =
            items.iter().map(|s| s.parse::<i64>().map_or_else(|_| self.name(s), |v| self.int(v))).collect();
        self.e(ExprKind::List { elts: self.list(&elts), ctx: ExprContext::Load })
    }
    fn stmt(&self, value: &'a Expr<'a>) -> Stmt<'a> {
        Stmt { kind: StmtKind::Expr { value }, loc: L }
    }
    fn cmp(&self, left: &'a Expr<'a>, op: CmpOp, right: &'a Expr<'a>) -> &'a Expr<'a> {
        self.e(ExprKind::Compare { left, ops: self.a.alloc_slice_copy(&[op]), comparators: self.list(&[right]) })
    }
}

/// A compact rendering: constants as Python reprs (enough of them for these tests), other nodes as their kind.
fn show(e: &Expr<'_>) -> String {
    match &e.kind {
        ExprKind::Constant { value, .. } => show_const(value),
        ExprKind::BinOp { left, op, right } => format!("BinOp({}, {op:?}, {})", show(left), show(right)),
        ExprKind::UnaryOp { op, operand } => format!("UnaryOp({op:?}, {})", show(operand)),
        ExprKind::Name { id, .. } => id.to_string(),
        ExprKind::Compare { left, ops, comparators } => {
            format!(
                "Compare({}, {ops:?}, [{}])",
                show(left),
                comparators.iter().map(show).collect::<Vec<_>>().join(", ")
            )
        }
        ExprKind::Tuple { elts, .. } => format!("Tuple[{}]", elts.iter().map(show).collect::<Vec<_>>().join(", ")),
        ExprKind::List { elts, .. } => format!("List[{}]", elts.iter().map(show).collect::<Vec<_>>().join(", ")),
        ExprKind::Set { elts } => format!("Set[{}]", elts.iter().map(show).collect::<Vec<_>>().join(", ")),
        ExprKind::JoinedStr { values } => {
            format!("JoinedStr[{}]", values.iter().map(show).collect::<Vec<_>>().join(", "))
        }
        ExprKind::FormattedValue { value, conversion, format_spec } => {
            format!("FV({}, {conversion:?}, {})", show(value), format_spec.map_or("-".into(), |s| show(s)))
        }
        other => format!("{other:?}"),
    }
}

fn show_const(c: &Constant<'_>) -> String {
    match c {
        Constant::None => "None".into(),
        Constant::Bool(b) => if *b { "True" } else { "False" }.into(),
        Constant::Ellipsis => "Ellipsis".into(),
        Constant::Int(Int::Small(v)) => v.to_string(),
        Constant::Int(Int::Big { negative, magnitude }) => {
            let v =
                BigInt::from_slice(if *negative { num_bigint::Sign::Minus } else { num_bigint::Sign::Plus }, magnitude);
            v.to_string()
        }
        Constant::Float(f) => format!("{f:?}"),
        Constant::Complex { real, imag } => format!("complex({real:?}, {imag:?})"),
        Constant::Str(s) if s.len() > 20 => format!("str(len={})", s.len_code_points()),
        Constant::Str(s) => format!("'{s}'"),
        Constant::Bytes(b) if b.len() > 20 => format!("bytes(len={})", b.len()),
        Constant::Bytes(b) => format!("b'{}'", String::from_utf8_lossy(b)),
        Constant::Tuple(t) if t.len() > 8 => format!("tuple(len={})", t.len()),
        Constant::Tuple(t) => {
            let items: Vec<_> = t.iter().map(show_const).collect();
            if items.len() == 1 { format!("({},)", items[0]) } else { format!("({})", items.join(", ")) }
        }
        Constant::FrozenSet(t) => format!("frozenset({})", t.iter().map(show_const).collect::<Vec<_>>().join(", ")),
    }
}

/// Folds an expression built by `build` with CPython's rules and compares its rendering.
fn check(build: impl for<'a> Fn(&B<'a>) -> &'a Expr<'a>, expect: &str) {
    let arena = Bump::new();
    let b = B { a: &arena };
    let e = build(&b);
    let folded = fold_expr(e, &arena, &FoldConfig::cpython()).expect("no recursion error");
    assert_eq!(show(folded), expect);
    // With every rule off the tree comes back as it was, shared.
    let same = fold_expr(e, &arena, &FoldConfig::none()).expect("no recursion error");
    assert!(std::ptr::eq(same, e));
}

#[test]
fn unary() {
    use UnaryOp::*;
    check(|b| b.un(USub, b.int(1)), "-1");
    check(|b| b.un(Invert, b.int(5)), "-6");
    check(|b| b.un(Invert, b.c(Constant::Bool(true))), "-2");
    check(|b| b.un(UAdd, b.c(Constant::Bool(true))), "1");
    check(|b| b.un(Not, b.s("")), "True");
    check(|b| b.un(Not, b.c(Constant::Ellipsis)), "False");
    check(|b| b.un(USub, b.float(0.0)), "-0.0");
    check(|b| b.un(Invert, b.float(1.5)), "UnaryOp(Invert, 1.5)");
    check(|b| b.un(USub, b.tuple(&[b.int(1)])), "UnaryOp(USub, (1,))");
    check(|b| b.un(USub, b.int(i64::MIN)), "9223372036854775808");
    check(|b| b.un(USub, b.c(Constant::Complex { real: 0.0, imag: 1.0 })), "complex(-0.0, -1.0)");
}

#[test]
fn not_compare() {
    use CmpOp::*;
    check(|b| b.un(UnaryOp::Not, b.cmp(b.name("a"), Is, b.name("b"))), "Compare(a, [IsNot], [b])");
    check(|b| b.un(UnaryOp::Not, b.cmp(b.name("a"), IsNot, b.name("b"))), "Compare(a, [Is], [b])");
    check(|b| b.un(UnaryOp::Not, b.cmp(b.name("a"), In, b.name("b"))), "Compare(a, [NotIn], [b])");
    check(|b| b.un(UnaryOp::Not, b.cmp(b.name("a"), NotIn, b.name("b"))), "Compare(a, [In], [b])");
    check(|b| b.un(UnaryOp::Not, b.cmp(b.name("a"), Eq, b.name("b"))), "UnaryOp(Not, Compare(a, [Eq], [b]))");
    check(|b| b.un(UnaryOp::Not, b.cmp(b.name("a"), Lt, b.name("b"))), "UnaryOp(Not, Compare(a, [Lt], [b]))");
}

#[test]
fn not_compare_takes_the_comparison_location() {
    let arena = Bump::new();
    let b = B { a: &arena };
    let inner = Loc { lineno: 1, col_offset: 4, end_lineno: 1, end_col_offset: 10 };
    let cmp = arena.alloc(Expr { loc: inner, ..*b.cmp(b.name("x"), CmpOp::In, b.name("y")) });
    let e = b.un(UnaryOp::Not, cmp);
    let folded = fold_expr(e, &arena, &FoldConfig::cpython()).unwrap();
    assert_eq!(folded.loc, inner);
}

#[test]
fn binary_ints() {
    use Operator::*;
    check(|b| b.bin(b.bin(b.int(1), Add, b.int(2)), Add, b.name("a")), "BinOp(3, Add, a)");
    check(|b| b.bin(b.bin(b.name("a"), Add, b.int(1)), Add, b.int(2)), "BinOp(BinOp(a, Add, 1), Add, 2)");
    check(|b| b.bin(b.int(7), Div, b.int(2)), "3.5");
    check(|b| b.bin(b.int(-7), FloorDiv, b.int(2)), "-4");
    check(|b| b.bin(b.int(-7), Mod, b.int(3)), "2");
    check(|b| b.bin(b.int(7), Mod, b.int(-3)), "-2");
    check(|b| b.bin(b.int(1), Div, b.int(0)), "BinOp(1, Div, 0)");
    check(|b| b.bin(b.int(1), FloorDiv, b.int(0)), "BinOp(1, FloorDiv, 0)");
    check(|b| b.bin(b.int(2), Pow, b.int(-1)), "0.5");
    check(|b| b.bin(b.int(2), Pow, b.int(64)), "18446744073709551616");
    check(|b| b.bin(b.int(-2), Pow, b.int(64)), "18446744073709551616");
    check(|b| b.bin(b.int(2), Pow, b.int(65)), "BinOp(2, Pow, 65)");
    check(|b| b.bin(b.int(1), Pow, b.int(129)), "BinOp(1, Pow, 129)");
    check(|b| b.bin(b.int(0), Pow, b.int(-1)), "BinOp(0, Pow, -1)");
    check(|b| b.bin(b.int(1), LShift, b.int(127)), "170141183460469231731687303715884105728");
    check(|b| b.bin(b.int(1), LShift, b.int(128)), "BinOp(1, LShift, 128)");
    check(|b| b.bin(b.int(1), LShift, b.int(-1)), "BinOp(1, LShift, -1)");
    check(|b| b.bin(b.int(-5), RShift, b.int(1)), "-3");
    check(|b| b.bin(b.int(-1), RShift, b.int(1000)), "-1");
    check(|b| b.bin(b.c(Constant::Bool(true)), BitAnd, b.c(Constant::Bool(false))), "False");
    check(|b| b.bin(b.c(Constant::Bool(true)), BitOr, b.int(2)), "3");
    check(|b| b.bin(b.int(-6), BitAnd, b.int(3)), "2");
    check(|b| b.bin(b.int(1), MatMult, b.int(2)), "BinOp(1, MatMult, 2)");
    let two64 = BigInt::from(1u8) << 64u32;
    check(
        move |b| b.bin(b.big(&two64), Mult, b.big(&two64)),
        "BinOp(18446744073709551616, Mult, 18446744073709551616)",
    );
    check(|b| b.bin(b.int(4294967296), Mult, b.int(4294967296)), "18446744073709551616");
}

#[test]
fn binary_floats() {
    use Operator::*;
    check(|b| b.bin(b.float(0.1), Add, b.float(0.2)), "0.30000000000000004");
    check(|b| b.bin(b.float(1e308), Mult, b.int(10)), "inf");
    check(|b| b.bin(b.float(1.0), Div, b.float(0.0)), "BinOp(1.0, Div, 0.0)");
    check(|b| b.bin(b.float(5.5), Mod, b.int(-2)), "-0.5");
    check(|b| b.bin(b.float(-7.5), FloorDiv, b.int(2)), "-4.0");
    check(|b| b.bin(b.float(1e308), Pow, b.int(2)), "BinOp(1e308, Pow, 2)");
    check(|b| b.bin(b.float(2.0), Pow, b.float(0.5)), "1.4142135623730951");
    check(|b| b.bin(b.int(-8), Pow, b.float(0.5)), "complex(1.7319121124709868e-16, 2.8284271247461903)");
    let huge = BigInt::from(1u8) << 1024u32;
    check(
        move |b| b.bin(b.big(&huge), Mult, b.float(1.0)),
        &format!("BinOp({}, Mult, 1.0)", BigInt::from(1u8) << 1024u32),
    );
}

#[test]
fn sequences() {
    use Operator::*;
    check(|b| b.bin(b.s("a"), Mult, b.int(4096)), "str(len=4096)");
    check(|b| b.bin(b.s("a"), Mult, b.int(4097)), "BinOp('a', Mult, 4097)");
    check(|b| b.bin(b.int(4096), Mult, b.s("a")), "str(len=4096)");
    check(|b| b.bin(b.bytes(b"ab"), Mult, b.int(2048)), "bytes(len=4096)");
    check(|b| b.bin(b.bytes(b"ab"), Mult, b.int(2049)), "BinOp(b'ab', Mult, 2049)");
    check(|b| b.bin(b.s("abc"), Mult, b.int(-1)), "BinOp('abc', Mult, -1)");
    check(|b| b.bin(b.s(""), Mult, b.int(-1)), "''");
    check(|b| b.bin(b.tuple(&[b.int(1)]), Mult, b.int(256)), "tuple(len=256)");
    check(|b| b.bin(b.tuple(&[b.int(1)]), Mult, b.int(257)), "BinOp((1,), Mult, 257)");
    check(|b| b.bin(b.tuple(&[b.bin(b.tuple(&[b.int(1)]), Mult, b.int(4))]), Mult, b.int(204)), "tuple(len=204)");
    check(
        |b| b.bin(b.tuple(&[b.bin(b.tuple(&[b.int(1)]), Mult, b.int(4))]), Mult, b.int(205)),
        "BinOp(((1, 1, 1, 1),), Mult, 205)",
    );
    check(|b| b.bin(b.s("a"), Add, b.s("b")), "'ab'");
    check(|b| b.bin(b.s("a"), Add, b.bytes(b"b")), "BinOp('a', Add, b'b')");
    check(|b| b.bin(b.tuple(&[b.int(1)]), Add, b.tuple(&[b.int(2)])), "(1, 2)");
    check(|b| b.bin(b.s("%s"), Mod, b.int(5)), "BinOp('%s', Mod, 5)");
    check(|b| b.bin(b.s("é"), Mult, b.int(4096)), "str(len=4096)");
}

#[test]
fn subscripts() {
    check(|b| b.sub(b.s("abc"), b.int(1)), "'b'");
    check(|b| b.sub(b.s("abc"), b.int(-1)), "'c'");
    check(|b| b.sub(b.s("aéb"), b.int(1)), "'é'");
    check(|b| b.sub(b.bytes(b"abc"), b.int(0)), "97");
    check(|b| b.sub(b.tuple(&[b.int(1), b.int(2)]), b.c(Constant::Bool(true))), "2");
    check(
        |b| b.sub(b.s("abc"), b.int(3)),
        "Subscript { value: Expr { kind: Constant { value: Str(\"abc\"), kind: None }, loc: Loc { lineno: 1, col_offset: 0, end_lineno: 1, end_col_offset: 1 } }, slice: Expr { kind: Constant { value: Int(Small(3)), kind: None }, loc: Loc { lineno: 1, col_offset: 0, end_lineno: 1, end_col_offset: 1 } }, ctx: Load }",
    );
}

#[test]
fn percent_format() {
    check(|b| b.bin(b.s("%s"), Operator::Mod, b.tuple(&[b.name("a")])), "JoinedStr[FV(a, Str, -)]");
    check(
        |b| b.bin(b.s("%5s|%-3r|%.2a"), Operator::Mod, b.tuple(&[b.name("a"), b.name("b"), b.name("c")])),
        "JoinedStr[FV(a, Str, '>5'), '|', FV(b, Repr, '3'), '|', FV(c, Ascii, '.2')]",
    );
    check(
        move |b| b.bin(b.s("x%%y%sz"), Operator::Mod, b.tuple(&[b.name("a")])),
        "JoinedStr['x%y', FV(a, Str, -), 'z']",
    );
    check(|b| b.bin(b.s("%100s"), Operator::Mod, b.tuple(&[b.name("a")])), "BinOp('%100s', Mod, Tuple[a])");
    check(|b| b.bin(b.s("%d"), Operator::Mod, b.tuple(&[b.name("a")])), "BinOp('%d', Mod, Tuple[a])");
    check(|b| b.bin(b.s("%s"), Operator::Mod, b.tuple(&[b.name("a"), b.name("a")])), "BinOp('%s', Mod, Tuple[a, a])");
    check(|b| b.bin(b.s("%s"), Operator::Mod, b.tuple(&[b.int(1)])), "BinOp('%s', Mod, (1,))");
}

#[test]
fn percent_format_locations() {
    let arena = Bump::new();
    let b = B { a: &arena };
    let e = b.bin(b.s("x%5s"), Operator::Mod, b.tuple(&[b.name("a")]));
    let folded = fold_expr(e, &arena, &FoldConfig::cpython()).unwrap();
    let ExprKind::JoinedStr { values } = folded.kind else { panic!("not rewritten: {}", show(folded)) };
    assert_eq!(values[0].loc, NO_LOC);
    let ExprKind::FormattedValue { conversion: Conversion::Str, format_spec: Some(spec), .. } = values[1].kind else {
        panic!("{}", show(&values[1]))
    };
    assert_eq!(spec.loc, NO_LOC);
    assert_eq!(values[1].loc, L);
}

#[test]
fn iterables() {
    check(|b| b.cmp(b.name("x"), CmpOp::In, b.list_of(&["1", "2", "3"])), "Compare(x, [In], [(1, 2, 3)])");
    check(|b| b.cmp(b.name("x"), CmpOp::NotIn, b.list_of(&["a", "2"])), "Compare(x, [NotIn], [Tuple[a, 2]])");
    check(|b| b.cmp(b.name("x"), CmpOp::Eq, b.list_of(&["1"])), "Compare(x, [Eq], [List[1]])");
    check(
        |b| {
            b.cmp(
                b.name("x"),
                CmpOp::In,
                b.e(ExprKind::Set { elts: b.list(&[b.int(1), b.c(Constant::Bool(true)), b.float(2.0)]) }),
            )
        },
        "Compare(x, [In], [frozenset(1, 2.0)])",
    );
    check(
        |b| b.cmp(b.name("x"), CmpOp::In, b.e(ExprKind::Set { elts: b.list(&[b.int(1), b.name("y")]) })),
        "Compare(x, [In], [Set[1, y]])",
    );
}

#[test]
fn tuples_and_debug() {
    check(|b| b.tuple(&[b.int(1), b.tuple(&[b.int(2), b.int(3)])]), "(1, (2, 3))");
    check(|b| b.tuple(&[b.int(1), b.name("a")]), "Tuple[1, a]");
    check(|b| b.tuple(&[]), "()");
    check(|b| b.name("__debug__"), "True");
    let arena = Bump::new();
    let b = B { a: &arena };
    let cfg = FoldConfig { optimize: 1, ..FoldConfig::cpython() };
    assert_eq!(show(fold_expr(b.name("__debug__"), &arena, &cfg).unwrap()), "False");
}

#[test]
fn docstring_guard() {
    let arena = Bump::new();
    let b = B { a: &arena };
    let folded_doc = b.stmt(b.bin(b.s("a"), Operator::Add, b.s("b")));
    let body = arena.alloc_slice_copy(&[folded_doc, b.stmt(b.name("x"))]);
    let m = Mod::Module { body, type_ignores: &[] };
    let Mod::Module { body: new, .. } = fold_module(&m, &arena, &FoldConfig::cpython()).unwrap() else {
        unreachable!()
    };
    let StmtKind::Expr { value } = new[0].kind else { unreachable!() };
    assert_eq!(show(value), "JoinedStr['ab']");
    assert_eq!(value.loc, new[0].loc);
    assert!(std::ptr::eq(&new[1], &body[1]) || matches!(new[1].kind, StmtKind::Expr { .. }));

    // A real docstring is left alone.
    let body = arena.alloc_slice_copy(&[b.stmt(b.s("doc")), folded_doc]);
    let m = Mod::Module { body, type_ignores: &[] };
    let Mod::Module { body: new, .. } = fold_module(&m, &arena, &FoldConfig::cpython()).unwrap() else {
        unreachable!()
    };
    let (StmtKind::Expr { value: first }, StmtKind::Expr { value: second }) = (new[0].kind, new[1].kind) else {
        unreachable!()
    };
    assert_eq!((show(first), show(second)), ("'doc'".to_string(), "'ab'".to_string()));
}

#[test]
fn deep_nesting_is_a_recursion_error() {
    let size: usize = std::env::var("FOLD_STACK").ok().and_then(|v| v.parse().ok()).unwrap_or(8);
    std::thread::Builder::new().stack_size(size << 20).spawn(deep_nesting).unwrap().join().unwrap();
}

fn deep_nesting() {
    let arena = Bump::new();
    let b = B { a: &arena };
    let mut e = b.int(1);
    for _ in 0..2999 {
        e = b.un(UnaryOp::USub, e);
    }
    // 2999 unary operators and their operand make 3000 levels: the limit itself is allowed.
    assert!(fold_expr(e, &arena, &FoldConfig::cpython()).is_ok());
    let deeper = b.un(UnaryOp::USub, e);
    let err = fold_expr(deeper, &arena, &FoldConfig::cpython()).unwrap_err();
    assert_eq!(err.to_string(), "RecursionError: maximum recursion depth exceeded during compilation");
}

/// Each `FoldConfig` switch turns off its own rule family and nothing else.
#[test]
fn switches() {
    fn with(cfg: FoldConfig, build: impl for<'a> Fn(&B<'a>) -> &'a Expr<'a>) -> String {
        let arena = Bump::new();
        let b = B { a: &arena };
        show(fold_expr(build(&b), &arena, &cfg).unwrap())
    }
    let on = FoldConfig::cpython();
    fn sum<'a>(b: &B<'a>) -> &'a Expr<'a> {
        b.tuple(&[b.bin(b.int(1), Operator::Add, b.int(2)), b.un(UnaryOp::USub, b.int(3))])
    }
    assert_eq!(with(on, sum), "(3, -3)");
    assert_eq!(with(FoldConfig { binary: false, ..on }, sum), "Tuple[BinOp(1, Add, 2), -3]");
    assert_eq!(with(FoldConfig { unary: false, ..on }, sum), "Tuple[3, UnaryOp(USub, 3)]");
    assert_eq!(with(FoldConfig { tuple: false, ..on }, sum), "Tuple[3, -3]");
    fn not_is<'a>(b: &B<'a>) -> &'a Expr<'a> {
        b.un(UnaryOp::Not, b.cmp(b.name("a"), CmpOp::Is, b.name("b")))
    }
    assert_eq!(with(FoldConfig { not_compare: false, ..on }, not_is), "UnaryOp(Not, Compare(a, [Is], [b]))");
    fn fmt<'a>(b: &B<'a>) -> &'a Expr<'a> {
        b.bin(b.s("%s"), Operator::Mod, b.tuple(&[b.name("a")]))
    }
    assert_eq!(with(FoldConfig { percent_format: false, ..on }, fmt), "BinOp('%s', Mod, Tuple[a])");
    fn sub<'a>(b: &B<'a>) -> &'a Expr<'a> {
        b.sub(b.s("ab"), b.int(0))
    }
    assert!(with(FoldConfig { subscript: false, ..on }, sub).starts_with("Subscript"));
    fn isin<'a>(b: &B<'a>) -> &'a Expr<'a> {
        b.cmp(b.name("x"), CmpOp::In, b.list_of(&["1"]))
    }
    assert_eq!(with(FoldConfig { iterables: false, ..on }, isin), "Compare(x, [In], [List[1]])");
    assert_eq!(with(FoldConfig { debug_const: false, ..on }, |b| b.name("__debug__")), "__debug__");
}
