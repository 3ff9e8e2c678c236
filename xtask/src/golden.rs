//! The golden-file harness: every stage's expected outputs, blessed from CPython 3.11, compared with ours.
//!
//! # Layout on disk
//! Each stage's goldens live beside the crate that owns the stage, as `NNNN_name.py` sources with sibling expected
//! files named after the stage's primary extension:
//!
//! | stage      | directory                           | CPython command                     | primary  |
//! |------------|-------------------------------------|-------------------------------------|----------|
//! | `tokenize` | `crates/pyfront/test_data/tokenize` | `python3 -m tokenize -e NAME`       | `.tokens`|
//! | `ast`      | `crates/pyfront/test_data/ast`      | `python3 -m ast -a NAME`            | `.ast`   |
//! | `dis`      | `crates/pydis/test_data/dis`        | `python3 -m dis NAME`               | `.dis`   |
//! | `marshal`  | `crates/pyir/test_data/marshal`     | `marshal.dumps(compile(...))` as hex (1)| `.marshal`|
//! | `run`      | `crates/pyvm/test_data/run`         | `python3 NAME`                      | `.out`   |
//!
//! (1) The code object is bound to a name first, so the bytes are those `py_compile` writes after the `.pyc` header.
//!
//! The primary file holds stdout and a non-empty stderr goes in `.err`. When the command failed in the plain way
//! (status 1, nothing on stdout, a message on stderr: a tokenize error, a SyntaxError) there is no primary file;
//! any other status than the one implied (0 with a primary file, 1 without) goes in `.exit`. So the common cases
//! need one file per source, and the lexer's own `.tokens`-or-`.err` goldens follow the same rule. The run stage
//! always has its `.out`, and `.exit` whenever the status is not 0 (the VM's own test reads them that way).
//!
//! # Normalisation
//! CPython runs inside the stage directory on the bare file name, and our side is given the same name, so every
//! name either prints (`dis` headers, tracebacks, tokenize errors) is `NNNN_name.py`. Since 3.9 `python3 FILE` makes
//! the path absolute, so the directory prefix is removed from its output. Memory addresses (` at 0x7f...`) become
//! ` at 0x0` on both sides. For the tool stages, CPython's own frames (runpy, `Lib/ast.py`, ...) are dropped from a
//! traceback, keeping the `SyntaxError` report about the file. `PYTHONHASHSEED=0` makes set orders reproducible.
//!
//! # The shared slice corpus
//! The slice programs are written once, in `test_data/slice/` (plus `examples/seed_tour.py`, synced as
//! `1000_seed_tour.py`), and `--bless` copies them into every stage directory, so no stage holds a divergent copy
//! and each golden still sits beside its source. File names `1000_` to `1999_` are reserved for these copies;
//! a stage's owner adds stage-local goldens under any other number (`0001_` ...). `cargo test` checks that every
//! copy is byte-identical to its canonical file and that no stale copy remains.
//!
//! # Commands and tests
//! `cargo xtask golden [--stage S]` compares every golden and prints `S: N passed, M failed` per stage with diffs of
//! the first failures; `--bless` regenerates the expected files from CPython 3.11 (refusing any other version).
//! The comparison runs our crates in-process ([`ours`]); a stage whose crate has no API for it yet is reported as
//! pending, never passed. `xtask/tests/golden.rs` runs the same comparison as one `cargo test` per stage, without
//! python3. Files that fail today are listed in `xtask/known_failures/STAGE.txt` (written by
//! `cargo xtask golden --record-failures`): the test fails on any failure not listed there, so regressions are caught
//! while the implementation is still growing, and it says when listed files start passing. The run stage also honours
//! the `source` entries of the VM's own list (`crates/pyvm/test_data/known_failures.txt`).
//!
//! `cargo xtask golden` adds two checks that need nothing in `cargo test`: how many opcodes of the table the dis
//! goldens show, and, when python3 is CPython 3.11, `pyc`: CPython runs our `.pyc` of every run golden and must print
//! what the golden expects.
//!
//! Sets whose format belongs to one crate's own test (the parser's SyntaxErrors, codegen's code-object dumps, marshal
//! and repr data, fold, CFG, tables, the VM's marshal inputs) keep their owners' Python blessers; `--bless` runs those
//! too ([`local`]), so one command regenerates every expected file.
//!
//! Expected files are only ever written by `--bless`: never edit them by hand.

pub mod corpus;
pub mod cpython;
pub mod diff;
pub mod local;
pub mod ours;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// A stage of the pipeline with its own goldens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Tokenize,
    Ast,
    Dis,
    Marshal,
    Run,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 5] = [Stage::Tokenize, Stage::Ast, Stage::Dis, Stage::Marshal, Stage::Run];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Tokenize => "tokenize",
            Stage::Ast => "ast",
            Stage::Dis => "dis",
            Stage::Marshal => "marshal",
            Stage::Run => "run",
        }
    }

    pub fn from_name(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The stage's golden directory, relative to the workspace root.
    pub fn dir(self) -> &'static str {
        match self {
            Stage::Tokenize => "crates/pyfront/test_data/tokenize",
            Stage::Ast => "crates/pyfront/test_data/ast",
            Stage::Dis => "crates/pydis/test_data/dis",
            Stage::Marshal => "crates/pyir/test_data/marshal",
            Stage::Run => "crates/pyvm/test_data/run",
        }
    }

    /// The extension of the file holding stdout.
    pub fn primary_ext(self) -> &'static str {
        match self {
            Stage::Tokenize => "tokens",
            Stage::Ast => "ast",
            Stage::Dis => "dis",
            Stage::Marshal => "marshal",
            Stage::Run => "out",
        }
    }

    /// Whether the stage mirrors a tool (tokenize, ast, dis, marshal) rather than running the program: a tool fails
    /// plainly (status 1, message on stderr), and its goldens then have no primary file.
    pub fn is_tool(self) -> bool {
        self != Stage::Run
    }

    /// Every extension a golden of this stage may have besides its `.py`.
    pub fn expected_exts(self) -> [&'static str; 3] {
        [self.primary_ext(), "err", "exit"]
    }
}

/// What one stage printed for one file: the three things a golden pins down.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

/// Applies the normalisations both sides share (see the module doc).
pub fn normalize(output: Output) -> Output {
    Output {
        stdout: normalize_addresses(&output.stdout),
        stderr: normalize_addresses(&output.stderr),
        exit_code: output.exit_code,
    }
}

/// Replaces every ` at 0x<hex>` with ` at 0x0`: object addresses differ from run to run.
pub fn normalize_addresses(text: &str) -> String {
    const MARK: &str = " at 0x";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(MARK) {
        let after = &rest[at + MARK.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_hexdigit).count();
        out.push_str(&rest[..at + MARK.len()]);
        if digits > 0 {
            out.push('0');
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// The path of a source's sibling with extension `ext`.
pub fn expected_path(source: &Path, ext: &str) -> PathBuf {
    source.with_extension(ext)
}

/// One golden: a source file in a stage directory.
#[derive(Debug, Clone)]
pub struct Golden {
    /// The file name, e.g. `1010_odd_spacing.py`: what both sides are told the file is called.
    pub name: String,
    pub source: PathBuf,
}

impl Golden {
    /// The name without `.py`, used in reports and in the known-failure lists.
    pub fn stem(&self) -> &str {
        self.name.strip_suffix(".py").unwrap_or(&self.name)
    }

    pub fn read_expected(&self, stage: Stage) -> Result<Output> {
        let read = |ext: &str| match fs::read_to_string(expected_path(&self.source, ext)) {
            Ok(text) => Ok(Some(text)),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(err).with_context(|| format!("reading the .{ext} of {}", self.source.display())),
        };
        let stdout = read(stage.primary_ext())?;
        let stderr = read("err")?;
        if stdout.is_none() && stderr.is_none() {
            anyhow::bail!("{} has no expected output; run `cargo xtask golden --bless`", self.source.display());
        }
        let exit_code = match read("exit")? {
            Some(text) => text.trim().parse().with_context(|| format!("bad .exit file for {}", self.name))?,
            // Without a primary file the tool failed, as tools do, with status 1.
            None if stdout.is_none() && stage.is_tool() => 1,
            None => 0,
        };
        Ok(Output { stdout: stdout.unwrap_or_default(), stderr: stderr.unwrap_or_default(), exit_code })
    }

    /// Writes the expected files for `output` (see the module doc for which files exist when), removing those that
    /// are no longer needed.
    pub fn write_expected(&self, stage: Stage, output: &Output) -> Result<()> {
        let write = |ext: &str, text: Option<String>| -> Result<()> {
            let path = expected_path(&self.source, ext);
            match text {
                Some(text) => fs::write(&path, text).with_context(|| format!("writing {}", path.display())),
                None => {
                    let _ = fs::remove_file(&path);
                    Ok(())
                }
            }
        };
        let plain_failure =
            stage.is_tool() && output.exit_code == 1 && output.stdout.is_empty() && !output.stderr.is_empty();
        write(stage.primary_ext(), (!plain_failure).then(|| output.stdout.clone()))?;
        write("err", (!output.stderr.is_empty()).then(|| output.stderr.clone()))?;
        let implied = if plain_failure { 1 } else { 0 };
        write("exit", (output.exit_code != implied).then(|| format!("{}\n", output.exit_code)))
    }
}

/// The workspace root (xtask's parent directory).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives inside the workspace").to_path_buf()
}

/// Every golden of a stage, sorted by name (an absent directory has none).
pub fn goldens(root: &Path, stage: Stage) -> Result<Vec<Golden>> {
    let dir = root.join(stage.dir());
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        if is_golden_name(name) {
            out.push(Golden { name: name.to_string(), source: path.clone() });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Whether a file name is a golden source, `NNNN_name.py` (or `NNNN.py`): other `.py` files in a stage directory,
/// such as an owner's blesser, are not goldens.
pub fn is_golden_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".py") else { return false };
    let bytes = stem.as_bytes();
    bytes.len() >= 4 && bytes[..4].iter().all(u8::is_ascii_digit) && (bytes.len() == 4 || bytes[4] == b'_')
}

/// Where the list of files known to fail today lives for a check (a stage's name, or `pyc`), relative to the
/// workspace root.
pub fn known_failures_path(label: &str) -> String {
    format!("xtask/known_failures/{label}.txt")
}

/// The stems listed as known failures for a check (`#` starts a comment).
pub fn known_failures(root: &Path, label: &str) -> Result<BTreeSet<String>> {
    let path = root.join(known_failures_path(label));
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeSet::new()),
        Err(err) => return Err(err).with_context(|| format!("reading {}", path.display())),
    };
    Ok(text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect())
}

/// The VM's own list of run goldens failing today (`crates/pyvm/test_data/known_failures.txt`, lines `MODE FILE`),
/// whose `source` entries are exactly this harness's run stage: honouring it means a program the VM's owner adds
/// and lists there does not also need an entry here.
pub const VM_KNOWN_FAILURES: &str = "crates/pyvm/test_data/known_failures.txt";

fn vm_known_failures(root: &Path) -> Result<BTreeSet<String>> {
    let path = root.join(VM_KNOWN_FAILURES);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeSet::new()),
        Err(err) => return Err(err).with_context(|| format!("reading {}", path.display())),
    };
    Ok(text
        .lines()
        .filter_map(|line| line.trim().strip_prefix("source "))
        .map(|file| file.trim().trim_end_matches(".py").to_string())
        .collect())
}

/// Rewrites a stage's known-failure list from a report.
pub fn record_failures(root: &Path, report: &StageReport) -> Result<()> {
    let path = root.join(known_failures_path(report.label));
    fs::create_dir_all(path.parent().expect("known_failures has a parent"))?;
    let mut text = format!(
        "# Goldens failing the `{}` check today. Written by `cargo xtask golden --record-failures`;\n\
         # `cargo test` (and `cargo xtask golden`'s status) fails on any failure not listed here.\n",
        report.label
    );
    for failure in &report.failures {
        let _ = writeln!(text, "{}", failure.stem);
    }
    fs::write(&path, text).with_context(|| format!("writing {}", path.display()))
}

/// One golden whose output differs from ours.
#[derive(Debug, Clone)]
pub struct Failure {
    pub stem: String,
    /// Why: diffs of the parts that differ, or the error our side hit.
    pub detail: String,
}

/// The outcome of comparing one stage.
#[derive(Debug, Clone)]
pub struct StageReport {
    pub stage: Stage,
    /// The name in the summary: the stage's, or `pyc` for the `.pyc` load check.
    pub label: &'static str,
    /// How many goldens the stage has.
    pub total: usize,
    /// `Some(reason)` when our side is not available yet: nothing was compared.
    pub pending: Option<&'static str>,
    pub passed: usize,
    pub failures: Vec<Failure>,
    /// The stage's known-failure list.
    pub known: BTreeSet<String>,
}

impl StageReport {
    /// Failures not on the known-failure list: regressions, or new goldens that fail.
    pub fn unexpected(&self) -> Vec<&Failure> {
        self.failures.iter().filter(|f| !self.known.contains(&f.stem)).collect()
    }

    /// Known failures that now pass (or no longer exist): the list can shrink.
    pub fn fixed(&self) -> Vec<&String> {
        self.known.iter().filter(|k| !self.failures.iter().any(|f| &f.stem == *k)).collect()
    }

    /// The one-line summary: `tokenize: N passed, M failed` (or why the stage is pending).
    pub fn summary(&self) -> String {
        if let Some(reason) = self.pending {
            return format!("{}: pending, not available yet ({reason}); {} goldens waiting", self.label, self.total);
        }
        let mut line = format!("{}: {} passed, {} failed", self.label, self.passed, self.failures.len());
        let unexpected = self.unexpected().len();
        if !self.failures.is_empty() || !self.known.is_empty() {
            let _ = write!(line, " ({} known, {unexpected} unexpected", self.failures.len() - unexpected);
            let fixed = self.fixed().len();
            if fixed > 0 {
                let _ = write!(line, ", {fixed} listed as known now pass");
            }
            line.push(')');
        }
        line
    }
}

/// Maximum lines of diff shown per failing part.
const DIFF_LINES: usize = 40;

/// Compares every golden of `stage` with our output.
pub fn check_stage(root: &Path, stage: Stage) -> Result<StageReport> {
    let goldens = goldens(root, stage)?;
    let mut known = known_failures(root, stage.name())?;
    if stage == Stage::Run {
        known.extend(vm_known_failures(root)?);
    }
    let mut report = StageReport {
        stage,
        label: stage.name(),
        total: goldens.len(),
        pending: None,
        passed: 0,
        failures: Vec::new(),
        known,
    };
    let produce = match ours::adapter(stage) {
        ours::Adapter::Pending(reason) => {
            report.pending = Some(reason);
            return Ok(report);
        }
        ours::Adapter::Ready(produce) => produce,
    };
    for golden in &goldens {
        let expected = golden.read_expected(stage)?;
        let source = fs::read(&golden.source).with_context(|| format!("reading {}", golden.source.display()))?;
        let name = golden.name.clone();
        let dir = root.join(stage.dir());
        let actual =
            ours::run_guarded(move || normalize(produce(&ours::Input { source: &source, name: &name, dir: &dir })));
        match compare(stage, &expected, actual) {
            None => report.passed += 1,
            Some(detail) => report.failures.push(Failure { stem: golden.stem().to_string(), detail }),
        }
    }
    Ok(report)
}

/// `None` when equal, else a readable account of every part that differs.
fn compare(stage: Stage, expected: &Output, actual: Result<Output, String>) -> Option<String> {
    let actual = match actual {
        Ok(actual) => actual,
        Err(err) => return Some(format!("{err}\n")),
    };
    let expected = normalize(expected.clone());
    if expected == actual {
        return None;
    }
    let mut detail = String::new();
    if expected.stdout != actual.stdout {
        let _ = write!(
            detail,
            "stdout (.{}):\n{}",
            stage.primary_ext(),
            diff::unified(&expected.stdout, &actual.stdout, DIFF_LINES)
        );
    }
    if expected.stderr != actual.stderr {
        let _ = write!(detail, "stderr (.err):\n{}", diff::unified(&expected.stderr, &actual.stderr, DIFF_LINES));
    }
    if expected.exit_code != actual.exit_code {
        let _ = writeln!(detail, "exit code: expected {}, ours {}", expected.exit_code, actual.exit_code);
    }
    Some(detail)
}

/// Syncs the corpus into `stage`'s directory and regenerates every expected file there from CPython.
/// The caller must have checked the version with [`cpython::check_version`]. Returns how many goldens it wrote.
pub fn bless_stage(root: &Path, stage: Stage) -> Result<usize> {
    corpus::sync(root, stage)?;
    let dir = root.join(stage.dir());
    let goldens = goldens(root, stage)?;
    for golden in &goldens {
        let output = cpython::run(stage, &dir, &golden.name)?;
        golden.write_expected(stage, &output)?;
    }
    Ok(goldens.len())
}

/// The `.pyc` check of `cargo xtask golden`: CPython loads and runs our `.pyc` of every run-stage golden, and must
/// print what the run golden expects. Needs python3 3.11; `Err` says why the check cannot run.
pub fn check_pyc(root: &Path) -> Result<StageReport, String> {
    let write_pyc = ours::pyc_writer()?;
    cpython::check_version().map_err(|e| format!("{e:#}"))?;
    let stage = Stage::Run;
    let dir = root.join(stage.dir());
    let goldens = goldens(root, stage).map_err(|e| format!("{e:#}"))?;
    let scratch = std::env::temp_dir().join(format!("xtask-pyc-{}", std::process::id()));
    fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    let mut report = StageReport {
        stage,
        label: "pyc",
        total: goldens.len(),
        pending: None,
        passed: 0,
        failures: Vec::new(),
        known: known_failures(root, "pyc").map_err(|e| format!("{e:#}"))?,
    };
    for golden in &goldens {
        let outcome = (|| -> Result<Option<String>, String> {
            let expected = golden.read_expected(stage).map_err(|e| format!("{e:#}"))?;
            let source = fs::read(&golden.source).map_err(|e| e.to_string())?;
            let name = golden.name.clone();
            let source_dir = dir.clone();
            let pyc =
                ours::run_guarded(move || write_pyc(&ours::Input { source: &source, name: &name, dir: &source_dir }))??;
            let path = scratch.join(format!("{}.pyc", golden.stem()));
            fs::write(&path, pyc).map_err(|e| e.to_string())?;
            let actual = cpython::run_pyc(&dir, &path, &golden.name).map_err(|e| format!("{e:#}"))?;
            Ok(compare(stage, &expected, Ok(actual)))
        })();
        match outcome {
            Ok(None) => report.passed += 1,
            Ok(Some(detail)) | Err(detail) => report.failures.push(Failure { stem: golden.stem().to_string(), detail }),
        }
    }
    let _ = fs::remove_dir_all(&scratch);
    Ok(report)
}

/// Which opcodes of the table the dis goldens show (from CPython's expected listings), and which they never do:
/// a measure of how much of the instruction set the goldens exercise.
pub fn opcode_coverage(root: &Path) -> Result<(BTreeSet<&'static str>, Vec<&'static str>)> {
    let names: BTreeSet<&'static str> = pyir::opcode::ALL.iter().map(|op| op.name()).collect();
    let mut seen = BTreeSet::new();
    for golden in goldens(root, Stage::Dis)? {
        let Ok(listing) = fs::read_to_string(expected_path(&golden.source, Stage::Dis.primary_ext())) else { continue };
        for line in listing.lines() {
            // The opname is the first field that names an opcode (after the line number, `>>` and the offset).
            if let Some(name) = line.split_whitespace().find_map(|field| names.get(field)) {
                seen.insert(*name);
            }
        }
    }
    let missing = names.iter().filter(|n| !seen.contains(*n)).copied().collect();
    Ok((seen, missing))
}

#[cfg(test)]
mod tests {
    use super::{Golden, Output, Stage, is_golden_name, normalize_addresses};

    /// Writing then reading expected files gives the output back, with the files the module doc promises.
    #[test]
    fn expected_files_round_trip() {
        let dir = std::env::temp_dir().join(format!("xtask-roundtrip-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let golden = Golden { name: "0001_x.py".into(), source: dir.join("0001_x.py") };
        let out =
            |stdout: &str, stderr: &str, exit_code| Output { stdout: stdout.into(), stderr: stderr.into(), exit_code };
        for (stage, output, files) in [
            (Stage::Tokenize, out("tokens\n", "", 0), &["tokens"][..]),
            (Stage::Tokenize, out("", "0001_x.py:1:0: error: x\n", 1), &["err"][..]),
            (Stage::Ast, out("", "boom\n", 2), &["ast", "err", "exit"][..]),
            (Stage::Run, out("", "Traceback\n", 1), &["out", "err", "exit"][..]),
            (Stage::Run, out("partial\n", "Traceback\n", 1), &["out", "err", "exit"][..]),
            (Stage::Run, out("", "warning\n", 0), &["out", "err"][..]),
        ] {
            golden.write_expected(stage, &output).unwrap();
            let mut present: Vec<&str> = stage
                .expected_exts()
                .into_iter()
                .filter(|ext| super::expected_path(&golden.source, ext).exists())
                .collect();
            present.sort();
            let mut want = files.to_vec();
            want.sort();
            assert_eq!(present, want, "{stage:?} {output:?}");
            assert_eq!(golden.read_expected(stage).unwrap(), output);
            for ext in stage.expected_exts() {
                let _ = std::fs::remove_file(super::expected_path(&golden.source, ext));
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn golden_names() {
        for (name, want) in [
            ("0001_x.py", true),
            ("1000_seed_tour.py", true),
            ("0001.py", true),
            ("bless.py", false),
            ("0001_x.pyc", false),
            ("001_x.py", false),
            ("0001x.py", false),
        ] {
            assert_eq!(is_golden_name(name), want, "{name}");
        }
    }

    #[test]
    fn addresses_are_normalised() {
        for (input, want) in [
            (
                "<code object f at 0x7f1fa19b31b0, file \"b.py\", line 1>",
                "<code object f at 0x0, file \"b.py\", line 1>",
            ),
            ("<function <lambda> at 0xdeadBEEF>", "<function <lambda> at 0x0>"),
            ("look at 0x", "look at 0x"),
            ("a at 0x1 b at 0x2", "a at 0x0 b at 0x0"),
            ("no address", "no address"),
        ] {
            assert_eq!(normalize_addresses(input), want);
        }
    }
}
