//! `cargo xtask`: project automation. `cargo xtask golden [--bless] [--stage S]... [--diffs N] [--record-failures]`.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use xtask::golden::{self, Stage, StageReport};

const USAGE: &str = "\
usage: cargo xtask golden [--bless] [--stage STAGE]... [--diffs N] [--record-failures]

Compares every golden file with our output, per stage (tokenize, ast, dis, marshal, run), plus a check that
CPython 3.11 runs our .pyc files when python3 is available.

  --bless            regenerate the expected files by running CPython 3.11 (python3 must be 3.11.x); without
                     --stage, also runs the stage-local blessers (codegen, tables, fold, cfg, pass slices)
  --stage STAGE      only this stage (repeatable)
  --diffs N          show diffs of the first N failures per stage (default 3)
  --record-failures  rewrite xtask/known_failures/STAGE.txt from this run's failures";

struct Args {
    bless: bool,
    stages: Vec<Stage>,
    diffs: usize,
    record: bool,
    /// No `--stage` given: bless the stage-local sets too.
    all_stages: bool,
}

fn parse_args() -> Result<Option<Args>> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut args = Args { bless: false, stages: Vec::new(), diffs: 3, record: false, all_stages: false };
    let mut command = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Value(value) if command.is_none() => command = Some(value.string()?),
            Long("bless") => args.bless = true,
            Long("record-failures") => args.record = true,
            Long("stage") => {
                let name = parser.value()?.string()?;
                match Stage::from_name(&name) {
                    Some(stage) => args.stages.push(stage),
                    None => bail!("unknown stage {name:?}; stages: tokenize, ast, dis, marshal, run"),
                }
            }
            Long("diffs") => args.diffs = parser.value()?.parse()?,
            Short('h') | Long("help") => {
                println!("{USAGE}");
                return Ok(None);
            }
            _ => return Err(arg.unexpected().into()),
        }
    }
    match command.as_deref() {
        Some("golden") => {}
        Some(other) => bail!("unknown command {other:?}\n{USAGE}"),
        None => bail!("missing command\n{USAGE}"),
    }
    if args.stages.is_empty() {
        args.all_stages = true;
        args.stages = Stage::ALL.to_vec();
    }
    Ok(Some(args))
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Returns whether everything compared as expected.
fn run() -> Result<bool> {
    let Some(args) = parse_args()? else { return Ok(true) };
    let root = golden::workspace_root();
    for script in golden::local::unregistered_blessers(&root) {
        println!(
            "warning: {script} looks like a blesser but xtask does not run it (add it to golden::local::LOCAL_SETS)"
        );
    }
    if args.bless {
        let version = golden::cpython::check_version().context("refusing to bless")?;
        println!("blessing from {version} (PYTHONHASHSEED=0)");
        for &stage in &args.stages {
            let count = golden::bless_stage(&root, stage)?;
            println!("{}: blessed {count} goldens in {}", stage.name(), stage.dir());
        }
        for set in golden::local::LOCAL_SETS {
            if args.all_stages || set.derives_from.is_some_and(|s| args.stages.contains(&s)) {
                golden::local::bless(&root, set)?;
                println!("{}: blessed {} with {} (compared by `{}`)", set.label, set.dir, set.script, set.compared_by);
            }
        }
        return Ok(true);
    }

    let mut ok = true;
    for &stage in &args.stages {
        for problem in golden::corpus::check_sync(&root, stage)? {
            println!("{}: out of sync: {problem} (run `cargo xtask golden --bless`)", stage.name());
            ok = false;
        }
        let report = golden::check_stage(&root, stage)?;
        ok &= print_report(&report, args.diffs);
        if args.record && report.pending.is_none() {
            golden::record_failures(&root, &report)?;
            println!("{}: recorded {} known failures", stage.name(), report.failures.len());
        }
    }
    if args.stages.contains(&Stage::Dis) {
        let (seen, missing) = golden::opcode_coverage(&root)?;
        println!(
            "dis goldens use {} of {} opcodes; never shown: {}",
            seen.len(),
            seen.len() + missing.len(),
            missing.join(" ")
        );
    }
    if args.stages.contains(&Stage::Run) {
        match golden::check_pyc(&root) {
            Ok(report) => {
                ok &= print_report(&report, args.diffs);
                if args.record {
                    golden::record_failures(&root, &report)?;
                    println!("pyc: recorded {} known failures", report.failures.len());
                }
            }
            Err(reason) => println!("pyc: skipped ({reason})"),
        }
    }
    Ok(ok)
}

/// Prints a stage's summary and the first failures' diffs; returns false on unexpected failures.
fn print_report(report: &StageReport, diffs: usize) -> bool {
    let unexpected = report.unexpected();
    // Unexpected failures first: they are what needs attention.
    let shown: Vec<_> = unexpected
        .iter()
        .copied()
        .chain(report.failures.iter().filter(|f| report.known.contains(&f.stem)))
        .take(diffs)
        .collect();
    for failure in shown {
        let tag = if report.known.contains(&failure.stem) { "known failure" } else { "FAILED" };
        println!("--- {} {}: {tag}\n{}", report.label, failure.stem, failure.detail);
    }
    if report.failures.len() > diffs {
        let rest: Vec<&str> = report.failures.iter().skip(diffs).map(|f| f.stem.as_str()).collect();
        println!("--- {} also failing: {}", report.label, rest.join(", "));
    }
    println!("{}", report.summary());
    unexpected.is_empty()
}
