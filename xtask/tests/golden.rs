//! `cargo test` side of the golden harness: one test per stage comparing every golden with our in-process output
//! (no python3 needed), plus checks that the shared corpus is large enough and synced everywhere.

use xtask::golden::{self, Stage};

/// Fails on any failure not on the stage's known-failure list; a pending stage must still have goldens waiting.
fn check(stage: Stage) {
    let root = golden::workspace_root();
    let report = golden::check_stage(&root, stage).expect("golden harness error");
    eprintln!("{}", report.summary());
    if report.pending.is_some() {
        assert!(report.total > 0, "{}: no goldens found in {}", stage.name(), stage.dir());
        return;
    }
    assert!(report.total > 0, "{}: no goldens found in {}", stage.name(), stage.dir());
    let fixed = report.fixed();
    if !fixed.is_empty() {
        eprintln!(
            "{}: listed as known failures but passing now: {} (run `cargo xtask golden --record-failures`)",
            stage.name(),
            fixed.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        );
    }
    let unexpected = report.unexpected();
    if !unexpected.is_empty() {
        for failure in unexpected.iter().take(3) {
            eprintln!("--- {} {}\n{}", stage.name(), failure.stem, failure.detail);
        }
        let names: Vec<&str> = unexpected.iter().map(|f| f.stem.as_str()).collect();
        panic!(
            "{}: {} goldens differ from CPython 3.11 and are not in {}: {}",
            stage.name(),
            names.len(),
            golden::known_failures_path(stage.name()),
            names.join(", ")
        );
    }
}

#[test]
fn tokenize() {
    check(Stage::Tokenize);
}

#[test]
fn ast() {
    check(Stage::Ast);
}

#[test]
fn dis() {
    check(Stage::Dis);
}

#[test]
fn marshal() {
    check(Stage::Marshal);
}

#[test]
fn run() {
    check(Stage::Run);
}

#[test]
fn corpus_copies_are_in_sync() {
    let root = golden::workspace_root();
    let mut problems = Vec::new();
    for stage in Stage::ALL {
        problems.extend(golden::corpus::check_sync(&root, stage).expect("reading the corpus"));
    }
    assert!(problems.is_empty(), "run `cargo xtask golden --bless`:\n{}", problems.join("\n"));
}

#[test]
fn corpus_has_forty_slice_programs_beside_the_seeds() {
    let root = golden::workspace_root();
    let files = golden::corpus::files(&root).expect("reading the corpus");
    let slice = files.iter().filter(|f| !f.name.contains("_seed_")).count();
    assert!(slice >= 40, "only {slice} slice programs in {}", golden::corpus::CORPUS_DIR);
}

#[test]
fn every_golden_has_its_expected_output() {
    let root = golden::workspace_root();
    let mut missing = Vec::new();
    for stage in Stage::ALL {
        for g in golden::goldens(&root, stage).expect("listing goldens") {
            if let Err(err) = g.read_expected(stage) {
                missing.push(format!("{}: {err:#}", stage.name()));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn stage_local_blessers_exist() {
    let root = golden::workspace_root();
    for set in golden::local::LOCAL_SETS {
        assert!(root.join(set.script).is_file(), "{}: blesser {} is gone; update LOCAL_SETS", set.label, set.script);
        assert!(root.join(set.dir).is_dir(), "{}: directory {} is gone; update LOCAL_SETS", set.label, set.dir);
    }
}
