//! The abstract syntax tree, shaped like CPython 3.11's `ast` module (`Parser/Python.asdl`).
//!
//! Nodes live in a `bumpalo::Bump` arena and borrow from it (`'a`): children are `&'a` references and `&'a [T]`
//! slices, identifiers and string constants are `&'a str`. Nothing here owns heap memory, so the arena can drop the
//! whole tree at once without running destructors.
//!
//! The tree is immutable. Passes that rewrite it (`pyopt`'s constant folding) build new nodes in the same arena and
//! share the unchanged subtrees.
//!
//! Positions are CPython's: `lineno`/`end_lineno` are 1-based lines, `col_offset`/`end_col_offset` are UTF-8 byte
//! offsets into their lines.

use crate::wtf8::Wtf8;

/// The position attributes every located node carries (`lineno`, `col_offset`, `end_lineno`, `end_col_offset`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Loc {
    pub lineno: u32,
    pub col_offset: u32,
    pub end_lineno: u32,
    pub end_col_offset: u32,
}

pub type Ident<'a> = &'a str;

/// The top-level node, one kind per compile mode.
#[derive(Clone, Copy, Debug)]
pub enum Mod<'a> {
    Module { body: &'a [Stmt<'a>], type_ignores: &'a [TypeIgnore<'a>] },
    Interactive { body: &'a [Stmt<'a>] },
    Expression { body: &'a Expr<'a> },
    FunctionType { argtypes: &'a [Expr<'a>], returns: &'a Expr<'a> },
}

#[derive(Clone, Copy, Debug)]
pub struct Stmt<'a> {
    pub kind: StmtKind<'a>,
    pub loc: Loc,
}

/// `FunctionDef` and `AsyncFunctionDef` share their fields.
#[derive(Clone, Copy, Debug)]
pub struct FunctionDef<'a> {
    pub name: Ident<'a>,
    pub args: &'a Arguments<'a>,
    pub body: &'a [Stmt<'a>],
    pub decorator_list: &'a [Expr<'a>],
    pub returns: Option<&'a Expr<'a>>,
    pub type_comment: Option<&'a str>,
}

#[derive(Clone, Copy, Debug)]
pub struct ClassDef<'a> {
    pub name: Ident<'a>,
    pub bases: &'a [Expr<'a>],
    pub keywords: &'a [Keyword<'a>],
    pub body: &'a [Stmt<'a>],
    pub decorator_list: &'a [Expr<'a>],
}

/// `For` and `AsyncFor` share their fields.
#[derive(Clone, Copy, Debug)]
pub struct For<'a> {
    pub target: &'a Expr<'a>,
    pub iter: &'a Expr<'a>,
    pub body: &'a [Stmt<'a>],
    pub orelse: &'a [Stmt<'a>],
    pub type_comment: Option<&'a str>,
}

/// `With` and `AsyncWith` share their fields.
#[derive(Clone, Copy, Debug)]
pub struct With<'a> {
    pub items: &'a [WithItem<'a>],
    pub body: &'a [Stmt<'a>],
    pub type_comment: Option<&'a str>,
}

/// `Try` and `TryStar` share their fields.
#[derive(Clone, Copy, Debug)]
pub struct Try<'a> {
    pub body: &'a [Stmt<'a>],
    pub handlers: &'a [ExceptHandler<'a>],
    pub orelse: &'a [Stmt<'a>],
    pub finalbody: &'a [Stmt<'a>],
}

#[derive(Clone, Copy, Debug)]
pub enum StmtKind<'a> {
    FunctionDef(&'a FunctionDef<'a>),
    AsyncFunctionDef(&'a FunctionDef<'a>),
    ClassDef(&'a ClassDef<'a>),
    Return { value: Option<&'a Expr<'a>> },
    Delete { targets: &'a [Expr<'a>] },
    Assign { targets: &'a [Expr<'a>], value: &'a Expr<'a>, type_comment: Option<&'a str> },
    AugAssign { target: &'a Expr<'a>, op: Operator, value: &'a Expr<'a> },
    AnnAssign { target: &'a Expr<'a>, annotation: &'a Expr<'a>, value: Option<&'a Expr<'a>>, simple: bool },
    For(&'a For<'a>),
    AsyncFor(&'a For<'a>),
    While { test: &'a Expr<'a>, body: &'a [Stmt<'a>], orelse: &'a [Stmt<'a>] },
    If { test: &'a Expr<'a>, body: &'a [Stmt<'a>], orelse: &'a [Stmt<'a>] },
    With(&'a With<'a>),
    AsyncWith(&'a With<'a>),
    Match { subject: &'a Expr<'a>, cases: &'a [MatchCase<'a>] },
    Raise { exc: Option<&'a Expr<'a>>, cause: Option<&'a Expr<'a>> },
    Try(&'a Try<'a>),
    TryStar(&'a Try<'a>),
    Assert { test: &'a Expr<'a>, msg: Option<&'a Expr<'a>> },
    Import { names: &'a [Alias<'a>] },
    ImportFrom { module: Option<Ident<'a>>, names: &'a [Alias<'a>], level: u32 },
    Global { names: &'a [Ident<'a>] },
    Nonlocal { names: &'a [Ident<'a>] },
    Expr { value: &'a Expr<'a> },
    Pass,
    Break,
    Continue,
}

#[derive(Clone, Copy, Debug)]
pub struct Expr<'a> {
    pub kind: ExprKind<'a>,
    pub loc: Loc,
}

#[derive(Clone, Copy, Debug)]
pub enum ExprKind<'a> {
    BoolOp {
        op: BoolOp,
        values: &'a [Expr<'a>],
    },
    NamedExpr {
        target: &'a Expr<'a>,
        value: &'a Expr<'a>,
    },
    BinOp {
        left: &'a Expr<'a>,
        op: Operator,
        right: &'a Expr<'a>,
    },
    UnaryOp {
        op: UnaryOp,
        operand: &'a Expr<'a>,
    },
    Lambda {
        args: &'a Arguments<'a>,
        body: &'a Expr<'a>,
    },
    IfExp {
        test: &'a Expr<'a>,
        body: &'a Expr<'a>,
        orelse: &'a Expr<'a>,
    },
    /// A `None` key is a `**mapping` entry.
    Dict {
        keys: &'a [Option<Expr<'a>>],
        values: &'a [Expr<'a>],
    },
    Set {
        elts: &'a [Expr<'a>],
    },
    ListComp {
        elt: &'a Expr<'a>,
        generators: &'a [Comprehension<'a>],
    },
    SetComp {
        elt: &'a Expr<'a>,
        generators: &'a [Comprehension<'a>],
    },
    DictComp {
        key: &'a Expr<'a>,
        value: &'a Expr<'a>,
        generators: &'a [Comprehension<'a>],
    },
    GeneratorExp {
        elt: &'a Expr<'a>,
        generators: &'a [Comprehension<'a>],
    },
    Await {
        value: &'a Expr<'a>,
    },
    Yield {
        value: Option<&'a Expr<'a>>,
    },
    YieldFrom {
        value: &'a Expr<'a>,
    },
    Compare {
        left: &'a Expr<'a>,
        ops: &'a [CmpOp],
        comparators: &'a [Expr<'a>],
    },
    Call {
        func: &'a Expr<'a>,
        args: &'a [Expr<'a>],
        keywords: &'a [Keyword<'a>],
    },
    FormattedValue {
        value: &'a Expr<'a>,
        conversion: Conversion,
        format_spec: Option<&'a Expr<'a>>,
    },
    JoinedStr {
        values: &'a [Expr<'a>],
    },
    /// `kind` is `Some("u")` for a `u'...'` string, as in CPython.
    Constant {
        value: Constant<'a>,
        kind: Option<&'a str>,
    },
    Attribute {
        value: &'a Expr<'a>,
        attr: Ident<'a>,
        ctx: ExprContext,
    },
    Subscript {
        value: &'a Expr<'a>,
        slice: &'a Expr<'a>,
        ctx: ExprContext,
    },
    Starred {
        value: &'a Expr<'a>,
        ctx: ExprContext,
    },
    Name {
        id: Ident<'a>,
        ctx: ExprContext,
    },
    List {
        elts: &'a [Expr<'a>],
        ctx: ExprContext,
    },
    Tuple {
        elts: &'a [Expr<'a>],
        ctx: ExprContext,
    },
    Slice {
        lower: Option<&'a Expr<'a>>,
        upper: Option<&'a Expr<'a>>,
        step: Option<&'a Expr<'a>>,
    },
}

/// The `conversion` field of `FormattedValue`: CPython stores -1 or the character's code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conversion {
    None,
    Str,
    Repr,
    Ascii,
}

impl Conversion {
    /// The integer CPython's AST holds (`-1`, `ord('s')`, `ord('r')`, `ord('a')`).
    pub fn as_i32(self) -> i32 {
        match self {
            Conversion::None => -1,
            Conversion::Str => 's' as i32,
            Conversion::Repr => 'r' as i32,
            Conversion::Ascii => 'a' as i32,
        }
    }
}

/// A constant value in the AST (`Constant.value`). Tuples and frozensets appear only after constant folding.
#[derive(Clone, Copy, Debug)]
pub enum Constant<'a> {
    None,
    Bool(bool),
    Ellipsis,
    Int(Int<'a>),
    Float(f64),
    /// Only imaginary literals come out of the parser (`real == 0.0`); folding can produce others.
    Complex {
        real: f64,
        imag: f64,
    },
    /// Python's str, which may hold lone surrogates (`'\ud800'`); `Wtf8::as_str` is the usual view.
    Str(&'a Wtf8),
    Bytes(&'a [u8]),
    Tuple(&'a [Constant<'a>]),
    FrozenSet(&'a [Constant<'a>]),
}

/// An arbitrary-precision integer stored in the arena without a destructor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Int<'a> {
    Small(i64),
    /// Magnitude as little-endian base-2^32 digits (as `num_bigint::BigUint::to_u32_digits`), never fitting in i64.
    Big {
        negative: bool,
        magnitude: &'a [u32],
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExprContext {
    Load,
    Store,
    Del,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolOp {
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    Add,
    Sub,
    Mult,
    MatMult,
    Div,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
    FloorDiv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Invert,
    Not,
    UAdd,
    USub,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}

/// One `for ... in ... if ...` clause (no position attributes in CPython).
#[derive(Clone, Copy, Debug)]
pub struct Comprehension<'a> {
    pub target: &'a Expr<'a>,
    pub iter: &'a Expr<'a>,
    pub ifs: &'a [Expr<'a>],
    pub is_async: bool,
}

#[derive(Clone, Copy, Debug)]
pub struct ExceptHandler<'a> {
    pub type_: Option<&'a Expr<'a>>,
    pub name: Option<Ident<'a>>,
    pub body: &'a [Stmt<'a>],
    pub loc: Loc,
}

#[derive(Clone, Copy, Debug)]
pub struct Arguments<'a> {
    pub posonlyargs: &'a [Arg<'a>],
    pub args: &'a [Arg<'a>],
    pub vararg: Option<&'a Arg<'a>>,
    pub kwonlyargs: &'a [Arg<'a>],
    /// One entry per keyword-only argument; `None` where it has no default.
    pub kw_defaults: &'a [Option<Expr<'a>>],
    pub kwarg: Option<&'a Arg<'a>>,
    pub defaults: &'a [Expr<'a>],
}

#[derive(Clone, Copy, Debug)]
pub struct Arg<'a> {
    pub arg: Ident<'a>,
    pub annotation: Option<&'a Expr<'a>>,
    pub type_comment: Option<&'a str>,
    pub loc: Loc,
}

/// A keyword argument; `arg` is `None` for `**mapping`.
#[derive(Clone, Copy, Debug)]
pub struct Keyword<'a> {
    pub arg: Option<Ident<'a>>,
    pub value: &'a Expr<'a>,
    pub loc: Loc,
}

#[derive(Clone, Copy, Debug)]
pub struct Alias<'a> {
    pub name: Ident<'a>,
    pub asname: Option<Ident<'a>>,
    pub loc: Loc,
}

#[derive(Clone, Copy, Debug)]
pub struct WithItem<'a> {
    pub context_expr: &'a Expr<'a>,
    pub optional_vars: Option<&'a Expr<'a>>,
}

#[derive(Clone, Copy, Debug)]
pub struct MatchCase<'a> {
    pub pattern: &'a Pattern<'a>,
    pub guard: Option<&'a Expr<'a>>,
    pub body: &'a [Stmt<'a>],
}

#[derive(Clone, Copy, Debug)]
pub struct Pattern<'a> {
    pub kind: PatternKind<'a>,
    pub loc: Loc,
}

#[derive(Clone, Copy, Debug)]
pub enum PatternKind<'a> {
    MatchValue {
        value: &'a Expr<'a>,
    },
    MatchSingleton {
        value: Constant<'a>,
    },
    MatchSequence {
        patterns: &'a [Pattern<'a>],
    },
    MatchMapping {
        keys: &'a [Expr<'a>],
        patterns: &'a [Pattern<'a>],
        rest: Option<Ident<'a>>,
    },
    MatchClass {
        cls: &'a Expr<'a>,
        patterns: &'a [Pattern<'a>],
        kwd_attrs: &'a [Ident<'a>],
        kwd_patterns: &'a [Pattern<'a>],
    },
    MatchStar {
        name: Option<Ident<'a>>,
    },
    MatchAs {
        pattern: Option<&'a Pattern<'a>>,
        name: Option<Ident<'a>>,
    },
    MatchOr {
        patterns: &'a [Pattern<'a>],
    },
}

#[derive(Clone, Copy, Debug)]
pub struct TypeIgnore<'a> {
    pub lineno: u32,
    pub tag: &'a str,
}
