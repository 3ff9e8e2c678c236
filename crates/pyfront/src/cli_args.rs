//! What the subcommands share in mirroring CPython's command lines: argparse's option abbreviations, Python's
//! wording of `OSError`, and the walk over `.py` files for `--stats`.

use std::path::{Path, PathBuf};

/// Resolves a long option as argparse does: an exact name, else a unique prefix; `Err` is argparse's ambiguity
/// message.
pub fn long_option<T: Copy>(table: &[(&str, T)], name: &str) -> Result<Option<T>, String> {
    if let Some((_, exact)) = table.iter().find(|(o, _)| *o == name) {
        return Ok(Some(*exact));
    }
    let matches: Vec<&(&str, T)> = table.iter().filter(|(o, _)| o.starts_with(name)).collect();
    match matches.as_slice() {
        [(_, one)] => Ok(Some(*one)),
        [] => Ok(None),
        many => Err(format!(
            "ambiguous option: --{name} could match {}",
            many.iter().map(|(m, _)| format!("--{m}")).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// `str(OSError)` from `open(path)`: `[Errno 2] No such file or directory: 'x.py'`.
pub fn os_error(e: &std::io::Error, path: &str) -> String {
    let text = e.to_string();
    // Rust appends " (os error N)" to the C library's text.
    let text = text.split(" (os error").next().unwrap_or(&text);
    let mut quoted = String::new();
    pyfront::repr::write_str_repr(&mut quoted, path);
    format!("[Errno {}] {}: {}", e.raw_os_error().unwrap_or(0), text, quoted)
}

/// Every `.py` file under `path` (or `path` itself), in sorted order; unreadable directories are skipped.
pub fn collect_py(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else { return };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for c in children {
            collect_py(&c, out);
        }
    } else if path.extension().is_some_and(|e| e == "py") {
        out.push(path.to_path_buf());
    }
}
