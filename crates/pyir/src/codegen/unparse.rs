//! `_PyAST_ExprAsUnicode` (CPython's `Python/ast_unparse.c`): an annotation as the source text that
//! `from __future__ import annotations` stores instead of its value.

use pyfront::ast::{self, BoolOp, CmpOp, Expr, ExprKind, Operator, UnaryOp};

use super::constant_of;
use crate::code::Constant;
use crate::error::CompileError;

// Precedence levels, lowest first (ast_unparse.c's `PR_*`).
const PR_TUPLE: u8 = 0;
const PR_TEST: u8 = 1;
const PR_OR: u8 = 2;
const PR_AND: u8 = 3;
const PR_NOT: u8 = 4;
const PR_CMP: u8 = 5;
const PR_EXPR: u8 = 6;
const PR_BOR: u8 = PR_EXPR;
const PR_BXOR: u8 = 7;
const PR_BAND: u8 = 8;
const PR_SHIFT: u8 = 9;
const PR_ARITH: u8 = 10;
const PR_TERM: u8 = 11;
const PR_FACTOR: u8 = 12;
const PR_POWER: u8 = 13;
const PR_AWAIT: u8 = 14;
const PR_ATOM: u8 = 15;

/// The annotation `e` as CPython writes it back (at the `PR_TEST` level, as `compiler_visit_annexpr` does).
pub(crate) fn annotation_text(e: &Expr<'_>) -> Result<String, CompileError> {
    let mut out = String::new();
    expr(&mut out, e, PR_TEST)?;
    Ok(out)
}

fn open(out: &mut String, cond: bool, s: &str) {
    if cond {
        out.push_str(s);
    }
}

fn exprs(out: &mut String, items: &[Expr<'_>], level: u8) -> Result<(), CompileError> {
    for (i, x) in items.iter().enumerate() {
        open(out, i > 0, ", ");
        expr(out, x, level)?;
    }
    Ok(())
}

/// `append_repr`: infinities are written as an overflowing literal so they read back.
fn constant(out: &mut String, c: &Constant) {
    match c {
        Constant::Tuple(items) => {
            out.push('(');
            for (i, x) in items.iter().enumerate() {
                open(out, i > 0, ", ");
                constant(out, x);
            }
            open(out, items.len() == 1, ",");
            out.push(')');
        }
        Constant::Float(f) if f.is_infinite() => {
            out.push_str(&crate::repr::const_repr(c).replace("inf", "1e309"));
        }
        Constant::Complex { .. } => out.push_str(&crate::repr::const_repr(c).replace("inf", "1e309")),
        _ => crate::repr::write_const_repr(out, c),
    }
}

fn comprehensions(out: &mut String, gens: &[ast::Comprehension<'_>]) -> Result<(), CompileError> {
    for g in gens {
        out.push_str(if g.is_async { " async for " } else { " for " });
        expr(out, g.target, PR_TUPLE)?;
        out.push_str(" in ");
        expr(out, g.iter, PR_TEST + 1)?;
        for cond in g.ifs {
            out.push_str(" if ");
            expr(out, cond, PR_TEST + 1)?;
        }
    }
    Ok(())
}

fn expr(out: &mut String, e: &Expr<'_>, level: u8) -> Result<(), CompileError> {
    match &e.kind {
        ExprKind::BoolOp { op, values } => {
            let (s, pr) = if *op == BoolOp::And { (" and ", PR_AND) } else { (" or ", PR_OR) };
            open(out, level > pr, "(");
            for (i, v) in values.iter().enumerate() {
                open(out, i > 0, s);
                expr(out, v, pr + 1)?;
            }
            open(out, level > pr, ")");
        }
        ExprKind::BinOp { left, op, right } => {
            let (s, pr) = match op {
                Operator::Add => (" + ", PR_ARITH),
                Operator::Sub => (" - ", PR_ARITH),
                Operator::Mult => (" * ", PR_TERM),
                Operator::MatMult => (" @ ", PR_TERM),
                Operator::Div => (" / ", PR_TERM),
                Operator::Mod => (" % ", PR_TERM),
                Operator::LShift => (" << ", PR_SHIFT),
                Operator::RShift => (" >> ", PR_SHIFT),
                Operator::BitOr => (" | ", PR_BOR),
                Operator::BitXor => (" ^ ", PR_BXOR),
                Operator::BitAnd => (" & ", PR_BAND),
                Operator::FloorDiv => (" // ", PR_TERM),
                Operator::Pow => (" ** ", PR_POWER),
            };
            let rassoc = u8::from(*op == Operator::Pow);
            open(out, level > pr, "(");
            expr(out, left, pr + rassoc)?;
            out.push_str(s);
            expr(out, right, pr + 1 - rassoc)?;
            open(out, level > pr, ")");
        }
        ExprKind::UnaryOp { op, operand } => {
            let (s, pr) = match op {
                UnaryOp::Invert => ("~", PR_FACTOR),
                UnaryOp::Not => ("not ", PR_NOT),
                UnaryOp::UAdd => ("+", PR_FACTOR),
                UnaryOp::USub => ("-", PR_FACTOR),
            };
            open(out, level > pr, "(");
            out.push_str(s);
            expr(out, operand, pr)?;
            open(out, level > pr, ")");
        }
        ExprKind::IfExp { test, body, orelse } => {
            open(out, level > PR_TEST, "(");
            expr(out, body, PR_TEST + 1)?;
            out.push_str(" if ");
            expr(out, test, PR_TEST + 1)?;
            out.push_str(" else ");
            expr(out, orelse, PR_TEST)?;
            open(out, level > PR_TEST, ")");
        }
        ExprKind::Dict { keys, values } => {
            out.push('{');
            for (i, (k, v)) in keys.iter().zip(values.iter()).enumerate() {
                open(out, i > 0, ", ");
                match k {
                    Some(k) => {
                        expr(out, k, PR_TEST)?;
                        out.push_str(": ");
                        expr(out, v, PR_TEST)?;
                    }
                    None => {
                        out.push_str("**");
                        expr(out, v, PR_EXPR)?;
                    }
                }
            }
            out.push('}');
        }
        ExprKind::Set { elts } => {
            out.push('{');
            exprs(out, elts, PR_TEST)?;
            out.push('}');
        }
        ExprKind::List { elts, .. } => {
            out.push('[');
            exprs(out, elts, PR_TEST)?;
            out.push(']');
        }
        ExprKind::Tuple { elts, .. } => {
            if elts.is_empty() {
                out.push_str("()");
            } else {
                open(out, level > PR_TUPLE, "(");
                exprs(out, elts, PR_TEST)?;
                open(out, elts.len() == 1, ",");
                open(out, level > PR_TUPLE, ")");
            }
        }
        ExprKind::GeneratorExp { elt, generators } => {
            out.push('(');
            expr(out, elt, PR_TEST)?;
            comprehensions(out, generators)?;
            out.push(')');
        }
        ExprKind::ListComp { elt, generators } => {
            out.push('[');
            expr(out, elt, PR_TEST)?;
            comprehensions(out, generators)?;
            out.push(']');
        }
        ExprKind::SetComp { elt, generators } => {
            out.push('{');
            expr(out, elt, PR_TEST)?;
            comprehensions(out, generators)?;
            out.push('}');
        }
        ExprKind::DictComp { key, value, generators } => {
            out.push('{');
            expr(out, key, PR_TEST)?;
            out.push_str(": ");
            expr(out, value, PR_TEST)?;
            comprehensions(out, generators)?;
            out.push('}');
        }
        ExprKind::Yield { value } => match value {
            None => out.push_str("(yield)"),
            Some(v) => {
                out.push_str("(yield ");
                expr(out, v, PR_TEST)?;
                out.push(')');
            }
        },
        ExprKind::YieldFrom { value } => {
            out.push_str("(yield from ");
            expr(out, value, PR_TEST)?;
            out.push(')');
        }
        ExprKind::Await { value } => {
            open(out, level > PR_AWAIT, "(");
            out.push_str("await ");
            expr(out, value, PR_ATOM)?;
            open(out, level > PR_AWAIT, ")");
        }
        ExprKind::Compare { left, ops, comparators } => {
            open(out, level > PR_CMP, "(");
            expr(out, left, PR_CMP + 1)?;
            for (op, c) in ops.iter().zip(comparators.iter()) {
                out.push_str(match op {
                    CmpOp::Eq => " == ",
                    CmpOp::NotEq => " != ",
                    CmpOp::Lt => " < ",
                    CmpOp::LtE => " <= ",
                    CmpOp::Gt => " > ",
                    CmpOp::GtE => " >= ",
                    CmpOp::Is => " is ",
                    CmpOp::IsNot => " is not ",
                    CmpOp::In => " in ",
                    CmpOp::NotIn => " not in ",
                });
                expr(out, c, PR_CMP + 1)?;
            }
            open(out, level > PR_CMP, ")");
        }
        ExprKind::Call { func, args, keywords } => {
            expr(out, func, PR_ATOM)?;
            if let ([single], []) = (&args[..], &keywords[..])
                && let ExprKind::GeneratorExp { .. } = single.kind
            {
                // A lone generator expression argument brings its own parentheses.
                return expr(out, single, PR_TEST);
            }
            out.push('(');
            exprs(out, args, PR_TEST)?;
            for (i, k) in keywords.iter().enumerate() {
                open(out, i > 0 || !args.is_empty(), ", ");
                match k.arg {
                    Some(name) => {
                        out.push_str(name);
                        out.push('=');
                    }
                    None => out.push_str("**"),
                }
                expr(out, k.value, PR_TEST)?;
            }
            out.push(')');
        }
        ExprKind::Constant { value, kind } => {
            if let ast::Constant::Ellipsis = value {
                out.push_str("...");
            } else {
                if let Some(k) = kind {
                    out.push_str(k);
                }
                constant(out, &constant_of(value));
            }
        }
        ExprKind::Attribute { value, attr, .. } => {
            expr(out, value, PR_ATOM)?;
            // An int needs a space before the period to stay unambiguous.
            let is_int = matches!(value.kind, ExprKind::Constant { value: ast::Constant::Int(_), .. });
            out.push_str(if is_int { " ." } else { "." });
            out.push_str(attr);
        }
        ExprKind::Subscript { value, slice, .. } => {
            expr(out, value, PR_ATOM)?;
            out.push('[');
            expr(out, slice, PR_TUPLE)?;
            out.push(']');
        }
        ExprKind::Starred { value, .. } => {
            out.push('*');
            expr(out, value, PR_EXPR)?;
        }
        ExprKind::Slice { lower, upper, step } => {
            if let Some(l) = lower {
                expr(out, l, PR_TEST)?;
            }
            out.push(':');
            if let Some(u) = upper {
                expr(out, u, PR_TEST)?;
            }
            if let Some(s) = step {
                out.push(':');
                expr(out, s, PR_TEST)?;
            }
        }
        ExprKind::Name { id, .. } => out.push_str(id),
        ExprKind::NamedExpr { target, value } => {
            open(out, level > PR_TUPLE, "(");
            expr(out, target, PR_ATOM)?;
            out.push_str(" := ");
            expr(out, value, PR_ATOM)?;
            open(out, level > PR_TUPLE, ")");
        }
        ExprKind::Lambda { .. } => return Err(CompileError::unsupported("lambda in a string annotation", e.loc)),
        ExprKind::JoinedStr { .. } | ExprKind::FormattedValue { .. } => {
            return Err(CompileError::unsupported("f-string in a string annotation", e.loc));
        }
    }
    Ok(())
}
