//! Byte-identity of codegen + assembly against CPython 3.11: every `test_data/codegen/NNNN_name.py` has a `.code`
//! dump of CPython's code objects and a `.ast` of CPython's AST (both blessed by `test_data/codegen/gen.py`). This
//! test compiles the `.ast` with our compiler (through `pyopt::compile_module`, so with CPython's AST folding and
//! CFG passes), prints the same dump and compares.
//!
//! Programs known to be byte-identical are listed in `test_data/codegen/PASSING`; the test fails if one of them
//! regresses, and reports (without failing) the others, so the list only grows. Set `CODEGEN_DIFF=1` to print the
//! first differing line of each failing program.

mod common;

use std::fmt::Write;
use std::path::Path;

use bumpalo::Bump;
use pyir::code::{CodeObject, Constant};
use pyir::error::CompileError;

fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::new();
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => write!(out, "\\x{:02x}", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

fn repr_bytes(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') { '"' } else { '\'' };
    let mut out = String::from("b");
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c as char == quote => {
                out.push('\\');
                out.push(c as char);
            }
            c if !(0x20..0x7f).contains(&c) => write!(out, "\\x{c:02x}").unwrap(),
            c => out.push(c as char),
        }
    }
    out.push(quote);
    out
}

/// Python's `repr(float)`: the shortest round-tripping digits, scientific when the exponent is < -4 or >= 16.
fn repr_float(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sci = format!("{x:e}");
    let (mant, exp) = sci.split_once('e').unwrap();
    let exp: i32 = exp.parse().unwrap();
    let (sign, mant) = match mant.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mant),
    };
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let decpt = exp + 1;
    if !(-4 < decpt && decpt <= 16) {
        let rest = &digits[1..];
        let m = if rest.is_empty() { digits[..1].to_string() } else { format!("{}.{}", &digits[..1], rest) };
        let es = if exp < 0 { "-" } else { "+" };
        return format!("{sign}{m}e{es}{:02}", exp.abs());
    }
    if decpt <= 0 {
        format!("{sign}0.{}{}", "0".repeat((-decpt) as usize), digits)
    } else if decpt as usize >= digits.len() {
        format!("{sign}{}{}.0", digits, "0".repeat(decpt as usize - digits.len()))
    } else {
        format!("{sign}{}.{}", &digits[..decpt as usize], &digits[decpt as usize..])
    }
}

fn repr_const(c: &Constant) -> String {
    match c {
        Constant::None => "None".into(),
        Constant::True => "True".into(),
        Constant::False => "False".into(),
        Constant::Ellipsis => "Ellipsis".into(),
        Constant::Int(i) => i.to_string(),
        Constant::Float(f) => repr_float(*f),
        Constant::Complex { re, im } => {
            if *re == 0.0 && re.is_sign_positive() {
                format!("{}j", repr_float(*im).trim_end_matches(".0"))
            } else {
                format!("({}+{}j)", repr_float(*re), repr_float(*im))
            }
        }
        Constant::Str(s) => repr_str(s),
        Constant::Bytes(b) => repr_bytes(b),
        Constant::Tuple(items) => {
            let inner: Vec<String> = items.iter().map(repr_const).collect();
            if inner.len() == 1 { format!("({},)", inner[0]) } else { format!("({})", inner.join(", ")) }
        }
        Constant::FrozenSet(items) => {
            let mut inner: Vec<String> = items.iter().map(repr_const).collect();
            inner.sort();
            format!("frozenset({{{}}})", inner.join(", "))
        }
        Constant::Code(co) => format!("<code {}>", co.qualname),
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn join(names: &[std::rc::Rc<str>]) -> String {
    names.iter().map(|n| &**n).collect::<Vec<_>>().join(", ")
}

/// The dump `gen.py` prints, for our code object.
fn dump(co: &CodeObject, out: &mut String) {
    writeln!(out, "code {}", co.qualname).unwrap();
    writeln!(out, "  name: {}", co.name).unwrap();
    writeln!(out, "  argcount: {} posonly: {} kwonly: {}", co.argcount, co.posonlyargcount, co.kwonlyargcount).unwrap();
    writeln!(out, "  flags: 0x{:x} stacksize: {} firstlineno: {}", co.flags, co.stacksize, co.firstlineno).unwrap();
    let consts: Vec<String> = co.consts.iter().map(repr_const).collect();
    writeln!(out, "  consts: {}", consts.join(", ")).unwrap();
    writeln!(out, "  names: {}", join(&co.names)).unwrap();
    writeln!(out, "  varnames: {}", join(&co.varnames())).unwrap();
    writeln!(out, "  freevars: {}", join(&co.freevars())).unwrap();
    writeln!(out, "  cellvars: {}", join(&co.cellvars())).unwrap();
    writeln!(out, "  code: {}", hex(&co.code)).unwrap();
    writeln!(out, "  linetable: {}", hex(&co.linetable)).unwrap();
    writeln!(out, "  exceptiontable: {}", hex(&co.exceptiontable)).unwrap();
    for c in &co.consts {
        if let Constant::Code(inner) = c {
            dump(inner, out);
        }
    }
}

/// Compiles one `.ast` file and returns our dump, or the error.
fn compile_dump(ast_text: &str, filename: &str) -> Result<String, String> {
    let arena = Bump::new();
    let module = common::astread::read_module(&arena, ast_text);
    // pyopt's driver: CPython's AST folding, then our symtable + codegen, assembled with CPython's CFG passes.
    let co = match pyopt::compile_module(&module, &arena, filename, &pyopt::OptConfig::cpython()) {
        Ok(co) => co,
        // A SyntaxError is part of the expected output, in gen.py's format.
        Err(pyopt::Error::Compile(CompileError::Syntax(e))) => {
            return Ok(format!(
                "SyntaxError: {} ({}, {}, {}, {})\n",
                e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset
            ));
        }
        Err(e) => return Err(e.to_string()),
    };
    let mut out = String::new();
    dump(&co, &mut out);
    Ok(out)
}

#[test]
fn codegen_matches_cpython() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/codegen");
    let passing_list = std::fs::read_to_string(dir.join("PASSING")).unwrap_or_default();
    let must_pass: Vec<&str> = passing_list.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".ast"))
        .map(|n| n.trim_end_matches(".ast").to_owned())
        .collect();
    names.sort();
    let show_diff = std::env::var_os("CODEGEN_DIFF").is_some();
    let (mut ok, mut regressions) = (Vec::new(), Vec::new());
    for name in &names {
        let ast_text = std::fs::read_to_string(dir.join(format!("{name}.ast"))).unwrap();
        let want = std::fs::read_to_string(dir.join(format!("{name}.code"))).unwrap();
        let got = compile_dump(&ast_text, &format!("{name}.py"));
        let same = got.as_deref() == Ok(want.as_str());
        if same {
            ok.push(name.clone());
        } else {
            if must_pass.contains(&name.as_str()) {
                regressions.push(name.clone());
            }
            if show_diff {
                match &got {
                    Err(e) => eprintln!("{name}: error: {e}"),
                    Ok(g) => {
                        let diff = g.lines().zip(want.lines()).find(|(a, b)| a != b);
                        eprintln!(
                            "{name}: first difference:\n  ours:    {:?}\n  cpython: {:?}",
                            diff.map(|d| d.0),
                            diff.map(|d| d.1)
                        );
                    }
                }
            }
        }
    }
    eprintln!("codegen: {}/{} programs byte-identical", ok.len(), names.len());
    if std::env::var_os("CODEGEN_LIST").is_some() {
        eprintln!("{}", ok.join("\n"));
    }
    assert!(regressions.is_empty(), "programs listed in PASSING no longer match: {regressions:?}");
}
