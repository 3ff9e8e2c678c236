//! Whole-program byte-identity with CPython's CFG passes on: every codegen slice program
//! (`crates/pyir/test_data/codegen/NNNN_name.{ast,code}`, blessed from CPython 3.11 by that directory's `gen.py`) is
//! compiled from CPython's AST by `pyopt::compile_module` with `OptConfig::cpython()`, dumped as pyir's codegen test dumps it, and
//! compared. Programs listed in `test_data/slices/PASSING` must stay identical; the others are reported. Set
//! `SLICES_DIFF=1` to print each failing program's first differing line. This crate's own programs, which stress the
//! passes, live in `test_data/slices/` in the same format (blessed by its `gen.py`).

#[path = "../../pyir/tests/common/mod.rs"]
mod common;

use std::fmt::Write;
use std::path::Path;

use bumpalo::Bump;
use pyir::code::{CodeObject, Constant};
use pyir::error::CompileError;
use pyopt::{OptConfig, PassConfig};

// The dump below mirrors `crates/pyir/tests/codegen.rs` exactly, so the same `.code` files serve both tests.

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

/// Compiles one `.ast` file with CPython's passes and returns our dump, or the error.
fn compile_dump(ast_text: &str, filename: &str) -> Result<String, String> {
    let arena = Bump::new();
    let module = common::astread::read_module(&arena, ast_text);
    let co = match pyopt::compile_module(&module, &arena, filename, &OptConfig::cpython()) {
        Ok(co) => co,
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
fn slices_match_cpython_with_passes() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let passing = here.join("test_data/slices/PASSING");
    let passing_list = std::fs::read_to_string(passing).unwrap_or_default();
    let must_pass: Vec<&str> = passing_list.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut names: Vec<(std::path::PathBuf, String)> = Vec::new();
    for dir in [here.join("../pyir/test_data/codegen"), here.join("test_data/slices")] {
        for e in std::fs::read_dir(&dir).unwrap() {
            let n = e.unwrap().file_name().into_string().unwrap();
            if let Some(stem) = n.strip_suffix(".ast") {
                names.push((dir.clone(), stem.to_owned()));
            }
        }
    }
    names.sort_by(|a, b| a.1.cmp(&b.1));
    let show_diff = std::env::var_os("SLICES_DIFF").is_some();
    let (mut ok, mut regressions) = (Vec::new(), Vec::new());
    for (dir, name) in &names {
        let ast_text = std::fs::read_to_string(dir.join(format!("{name}.ast"))).unwrap();
        let want = std::fs::read_to_string(dir.join(format!("{name}.code"))).unwrap();
        let got = compile_dump(&ast_text, &format!("{name}.py"));
        if got.as_deref() == Ok(want.as_str()) {
            ok.push(name.clone());
            continue;
        }
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
    eprintln!("slices with CPython's passes: {}/{} programs byte-identical", ok.len(), names.len());
    if std::env::var_os("SLICES_LIST").is_some() {
        eprintln!("{}", ok.join("\n"));
    }
    assert!(regressions.is_empty(), "programs listed in PASSING no longer match: {regressions:?}");
}

/// Structural invariants of an assembled code object (and its nested ones): valid opcodes, jumps landing on
/// instruction starts inside the code, a location table covering exactly the code, exception-table ranges and
/// targets inside the code.
fn check_invariants(co: &CodeObject, what: &str) {
    use pyir::opcode::Opcode;
    let units = co.code.len() / 2;
    assert!(co.code.len().is_multiple_of(2) && units > 0, "{what}: odd or empty code");
    let mut starts = vec![false; units + 1];
    let mut jumps = Vec::new();
    let (mut i, mut ext) = (0, 0u32);
    while i < units {
        let op = Opcode::from_u8(co.code[2 * i]).unwrap_or_else(|| panic!("{what}: bad opcode at {i}"));
        let arg = ext << 8 | u32::from(co.code[2 * i + 1]);
        if op == Opcode::ExtendedArg {
            ext = arg;
            i += 1;
            continue;
        }
        let next = i + op.size_units();
        starts[i] = true;
        if op.is_jump() {
            let target =
                if op.is_backward_jump() { next as i64 - i64::from(arg) } else { next as i64 + i64::from(arg) };
            jumps.push((i, target));
        }
        ext = 0;
        i = next;
    }
    assert_eq!(i, units, "{what}: last instruction overruns the code");
    starts[units] = true;
    for (at, target) in jumps {
        assert!((0..units as i64).contains(&target) && starts[target as usize], "{what}: jump at {at} to {target}");
    }
    let covered: usize = pyir::linetable::decode(&co.linetable, co.firstlineno as i32)
        .unwrap_or_else(|_| panic!("{what}: bad linetable"))
        .iter()
        .map(|e| e.units as usize)
        .sum();
    assert_eq!(covered, units, "{what}: linetable covers {covered} of {units} units");
    for e in pyir::exctable::decode(&co.exceptiontable).unwrap_or_else(|_| panic!("{what}: bad exception table")) {
        let (s, end, t) = (e.start as usize, e.end as usize, e.target as usize);
        assert!(s < end && end <= units && t < units && starts[t], "{what}: exception entry {e:?}");
    }
    for c in &co.consts {
        if let Constant::Code(inner) = c {
            check_invariants(inner, what);
        }
    }
}

/// Every slice program also assembles into structurally valid code with CPython's passes, with none, and with each
/// pass switched off alone.
#[test]
fn slices_assemble_validly_with_and_without_passes() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for dir in [here.join("../pyir/test_data/codegen"), here.join("test_data/slices")] {
        for e in std::fs::read_dir(&dir).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_none_or(|x| x != "ast") {
                continue;
            }
            let ast_text = std::fs::read_to_string(&path).unwrap();
            // CPython's set, nothing, and CPython's set with each single pass switched off.
            let mut configs = vec![OptConfig::cpython(), OptConfig::none()];
            for name in PassConfig::NAMES {
                let mut cfg = OptConfig::cpython();
                *cfg.passes.switch_mut(name).unwrap() = false;
                configs.push(cfg);
            }
            for cfg in configs {
                let arena = Bump::new();
                let module = common::astread::read_module(&arena, &ast_text);
                match pyopt::compile_module(&module, &arena, "t.py", &cfg) {
                    Ok(co) => check_invariants(&co, &path.display().to_string()),
                    Err(pyopt::Error::Compile(CompileError::Syntax(_))) => {}
                    Err(e) => panic!("{} with {:?}: {e}", path.display(), cfg.passes),
                }
                count += 1;
            }
        }
    }
    assert!(count >= 14 * 115);
}
