//! Whole-program byte-identity with CPython's CFG passes on: every codegen slice program
//! (`crates/pyir/test_data/codegen/NNNN_name.{ast,code}`, blessed from CPython 3.11 by that directory's `gen.py`) is
//! compiled from CPython's AST by `pyopt::compile_module` with `OptConfig::cpython()`, dumped by `CodeObject::dump`, and
//! compared. Programs listed in `test_data/slices/PASSING` must stay identical; the others are reported. Set
//! `SLICES_DIFF=1` to print each failing program's first differing line. This crate's own programs, which stress the
//! passes, live in `test_data/slices/` in the same format (blessed by its `gen.py`).

#[path = "../../pyir/tests/common/mod.rs"]
mod common;

use std::path::Path;

use bumpalo::Bump;
use pyir::code::{CodeObject, Constant};
use pyir::error::CompileError;
use pyopt::{OptConfig, PassConfig};

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
    Ok(co.dump())
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

/// The whole pipeline from source bytes, our parser included (`pyopt::compile_source`), against the same `.code`
/// goldens. Every program of both directories must match: a difference here that the AST-fed test above does not
/// show is a parser bug.
#[test]
fn slices_from_source_match_cpython() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut total, mut failures) = (0, Vec::new());
    for dir in [here.join("../pyir/test_data/codegen"), here.join("test_data/slices")] {
        for e in std::fs::read_dir(&dir).unwrap() {
            let n = e.unwrap().file_name().into_string().unwrap();
            let Some(stem) = n.strip_suffix(".py") else { continue };
            let Ok(want) = std::fs::read_to_string(dir.join(format!("{stem}.code"))) else { continue };
            total += 1;
            let source = std::fs::read(dir.join(&n)).unwrap();
            let got = match pyopt::compile_source(&source, &n, &OptConfig::cpython()) {
                Ok(co) => co.dump(),
                Err(pyopt::Error::Compile(CompileError::Syntax(e))) => {
                    format!("SyntaxError: {} ({}, {}, {}, {})\n", e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset)
                }
                Err(e) => format!("error: {e}"),
            };
            if got != want {
                let diff = got.lines().zip(want.lines()).find(|(a, b)| a != b);
                failures.push(format!("{stem}: ours {:?}, cpython {:?}", diff.map(|d| d.0), diff.map(|d| d.1)));
            }
        }
    }
    eprintln!("slices from source: {}/{total} programs byte-identical", total - failures.len());
    assert!(total > 100, "slice programs not found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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
