//! The shared slice corpus: one canonical copy of each program, synced into every stage's golden directory.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::Stage;

/// Where the canonical slice programs live, relative to the workspace root.
pub const CORPUS_DIR: &str = "test_data/slice";
/// The seed tour, synced into the stages under [`SEED_TOUR_NAME`].
pub const SEED_TOUR: &str = "examples/seed_tour.py";
/// The name the seed tour takes in the stage directories (first in the reserved range).
pub const SEED_TOUR_NAME: &str = "1000_seed_tour.py";

/// One program of the shared corpus: its file name in every stage directory and its canonical path.
#[derive(Debug, Clone)]
pub struct CorpusFile {
    pub name: String,
    pub canonical: PathBuf,
}

/// Whether a golden's file name is in the range reserved for synced corpus copies (`1000_` to `1999_`).
///
/// Stage-local goldens (written by a stage's owner for that stage alone) use any other number, so a stray file in
/// the reserved range can only be a copy whose canonical program was renamed or removed.
pub fn is_reserved_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.len() > 5 && bytes[0] == b'1' && bytes[1..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'_'
}

/// The canonical corpus, sorted by name: `test_data/slice/*.py` plus the seed tour.
pub fn files(root: &Path) -> Result<Vec<CorpusFile>> {
    let dir = root.join(CORPUS_DIR);
    let mut out = vec![CorpusFile { name: SEED_TOUR_NAME.to_string(), canonical: root.join(SEED_TOUR) }];
    for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        if name.ends_with(".py") {
            anyhow::ensure!(is_reserved_name(name), "corpus file {name} must be named 1NNN_name.py");
            out.push(CorpusFile { name: name.to_string(), canonical: path.clone() });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Copies the corpus into a stage directory and removes stale copies (with their expected files).
/// Returns how many files it changed.
pub fn sync(root: &Path, stage: Stage) -> Result<usize> {
    let corpus = files(root)?;
    let dir = root.join(stage.dir());
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut changed = 0;
    for file in &corpus {
        let text = fs::read(&file.canonical).with_context(|| format!("reading {}", file.canonical.display()))?;
        let copy = dir.join(&file.name);
        if fs::read(&copy).ok().as_deref() != Some(&text[..]) {
            fs::write(&copy, &text).with_context(|| format!("writing {}", copy.display()))?;
            changed += 1;
        }
    }
    for name in stray_copies(&dir, &corpus)? {
        // The copy and every sibling of the same stem (expected files, and data an owner derives from it).
        let stem = name.trim_end_matches(".py");
        for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.file_stem().and_then(|s| s.to_str()) == Some(stem) {
                fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
            }
        }
        changed += 1;
    }
    Ok(changed)
}

/// Problems that make a stage's copies differ from the canonical corpus (empty when in sync).
pub fn check_sync(root: &Path, stage: Stage) -> Result<Vec<String>> {
    let corpus = files(root)?;
    let dir = root.join(stage.dir());
    let mut problems = Vec::new();
    for file in &corpus {
        let canonical = fs::read(&file.canonical)?;
        match fs::read(dir.join(&file.name)) {
            Ok(copy) if copy == canonical => {}
            Ok(_) => {
                problems.push(format!("{}/{} differs from {}", stage.dir(), file.name, rel(root, &file.canonical)))
            }
            Err(_) => problems.push(format!("{}/{} is missing", stage.dir(), file.name)),
        }
    }
    if dir.is_dir() {
        for name in stray_copies(&dir, &corpus)? {
            problems.push(format!("{}/{name} is in the reserved range but not in the corpus", stage.dir()));
        }
    }
    Ok(problems)
}

/// `.py` files of a stage directory in the reserved range that the corpus does not have.
fn stray_copies(dir: &Path, corpus: &[CorpusFile]) -> Result<Vec<String>> {
    let mut stray = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        if name.ends_with(".py") && is_reserved_name(name) && !corpus.iter().any(|f| f.name == name) {
            stray.push(name.to_string());
        }
    }
    stray.sort();
    Ok(stray)
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::is_reserved_name;

    #[test]
    fn reserved_range() {
        for (name, want) in [
            ("1000_seed_tour.py", true),
            ("1999_x.py", true),
            ("0001_x.py", false),
            ("2000_x.py", false),
            ("100_x.py", false),
            ("1000x.py", false),
            ("1000_", false),
        ] {
            assert_eq!(is_reserved_name(name), want, "{name}");
        }
    }
}
