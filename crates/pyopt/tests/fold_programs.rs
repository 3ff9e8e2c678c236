//! Whole modules that lean on the AST folder, compiled by `pyopt::compile_module` with CPython's configuration and
//! compared with CPython 3.11's code objects (`test_data/fold/programs/NNNN_name.code`, positions and tables included,
//! blessed by that directory's `gen.py`). Each program is compiled twice: from CPython's own unoptimised AST
//! (`.ast`), which isolates folding and codegen from our parser, and from source through our parser.

#[path = "../../pyir/tests/common/mod.rs"]
mod common;

use std::path::Path;

use bumpalo::Bump;
use pyopt::OptConfig;

fn check(what: &str, got: Result<String, String>, want: &str, failures: &mut Vec<String>) {
    match got {
        Ok(got) if got == want => {}
        Ok(got) => {
            let (g, w) = got.lines().zip(want.lines()).find(|(g, w)| g != w).unwrap_or(("<length>", "<length>"));
            failures.push(format!("{what}: first difference\n  ours:    {g}\n  CPython: {w}"));
        }
        Err(e) => failures.push(format!("{what}: {e}")),
    }
}

#[test]
fn fold_programs_match_cpython() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/fold/programs");
    let mut stems: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().unwrap().strip_suffix(".ast").map(str::to_owned))
        .collect();
    stems.sort();
    assert!(!stems.is_empty());
    let mut failures = Vec::new();
    for stem in &stems {
        let want = std::fs::read_to_string(dir.join(format!("{stem}.code"))).unwrap();
        let filename = format!("{stem}.py");

        let arena = Bump::new();
        let ast_text = std::fs::read_to_string(dir.join(format!("{stem}.ast"))).unwrap();
        let module = common::astread::read_module(&arena, &ast_text);
        let got = pyopt::compile_module(&module, &arena, &filename, &OptConfig::cpython())
            .map(|co| co.dump())
            .map_err(|e| e.to_string());
        check(&format!("{stem} (CPython's AST)"), got, &want, &mut failures);

        let arena = Bump::new();
        let source = std::fs::read_to_string(dir.join(&filename)).unwrap();
        let got = pyfront::parse(&source, pyfront::Mode::Module, &arena).map_err(|e| format!("{e:?}")).and_then(|m| {
            pyopt::compile_module(&m, &arena, &filename, &OptConfig::cpython())
                .map(|co| co.dump())
                .map_err(|e| e.to_string())
        });
        check(&format!("{stem} (our parser)"), got, &want, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "{} of {} compilations differ:\n{}",
        failures.len(),
        stems.len() * 2,
        failures.join("\n")
    );
}
