//! Printing an uncaught exception as CPython 3.11's C traceback printer does (`Python/traceback.c`): source
//! lines, caret lines from `co_positions()` with `~`/`^` anchors for binary operators and subscripts, repeated-frame
//! folding, chained exceptions, and `Did you mean` suggestions.

use std::collections::HashMap;
use std::rc::Rc;

use crate::exception::{BUILTIN_NAMES, Exc, PyException, suggest};
use crate::ops;
use crate::value::Value;

/// Reads source lines on demand, once per file.
pub struct SourceCache {
    dir: Option<std::path::PathBuf>,
    files: HashMap<String, Option<Vec<String>>>,
}

impl SourceCache {
    pub fn new(dir: Option<std::path::PathBuf>) -> SourceCache {
        SourceCache { dir, files: HashMap::new() }
    }

    fn line(&mut self, file: &str, lineno: u32) -> Option<String> {
        let lines = self.files.entry(file.to_string()).or_insert_with(|| {
            let path = match &self.dir {
                Some(d) => d.join(file),
                None => std::path::PathBuf::from(file),
            };
            std::fs::read(path).ok().map(|b| {
                String::from_utf8_lossy(&b)
                    .split_inclusive('\n')
                    .map(|l| l.trim_end_matches(['\n', '\r']).to_string())
                    .collect()
            })
        });
        lines.as_ref()?.get((lineno as usize).checked_sub(1)?).cloned()
    }
}

/// `_PyPegen_byte_offset_to_character_offset`.
fn byte_to_char(line: &str, col: usize) -> usize {
    let b = line.as_bytes();
    let col = col.min(b.len());
    String::from_utf8_lossy(&b[..col]).chars().count()
}

fn is_ws(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\x0c'
}

pub fn format_exception(exc: &Rc<PyException>, cache: &mut SourceCache) -> String {
    let mut out = String::new();
    let cause = exc.cause.borrow().clone();
    let context = exc.context.borrow().clone();
    match cause {
        Some(Value::Exception(c)) => {
            out.push_str(&format_exception(&c, cache));
            out.push_str("\nThe above exception was the direct cause of the following exception:\n\n");
        }
        Some(_) => {}
        None => {
            if let Some(c) = context {
                out.push_str(&format_exception(&c, cache));
                out.push_str("\nDuring handling of the above exception, another exception occurred:\n\n");
            }
        }
    }
    let tb = exc.traceback.borrow();
    if !tb.is_empty() {
        out.push_str("Traceback (most recent call last):\n");
        let mut last: Option<(String, u32, String)> = None;
        let mut cnt = 0usize;
        for e in tb.iter().rev() {
            let file = e.code.co.filename.to_string();
            let name = e.code.co.name.to_string();
            let line = e.code.line_of(e.lasti);
            let key = (file.clone(), line.unwrap_or(0), name.clone());
            if last.as_ref() != Some(&key) {
                if cnt > 3 {
                    repeated(&mut out, cnt);
                }
                last = Some(key);
                cnt = 0;
            }
            cnt += 1;
            if cnt <= 3 {
                display_line(&mut out, e, cache);
            }
        }
        if cnt > 3 {
            repeated(&mut out, cnt);
        }
    }
    out.push_str(&exception_line(exc));
    out
}

fn repeated(out: &mut String, cnt: usize) {
    let n = cnt - 3;
    out.push_str(&format!("  [Previous line repeated {n} more time{}]\n", if n > 1 { "s" } else { "" }));
}

fn exception_line(exc: &PyException) -> String {
    let msg = ops::exc_str(exc);
    let mut s = if msg.is_empty() { exc.class.name().to_string() } else { format!("{}: {msg}", exc.class.name()) };
    if let Some(sugg) = suggestion(exc) {
        s.push_str(&format!(". Did you mean: '{sugg}'?"));
    }
    s.push('\n');
    s
}

fn suggestion(exc: &PyException) -> Option<String> {
    if exc.class == Exc::NameError
        && let Some((name, globals)) = &exc.name_ctx
    {
        let tb = exc.traceback.borrow();
        let last = tb.first()?;
        let varnames = last.code.co.varnames();
        if let Some(s) = suggest(varnames.iter().map(|s| &**s), name) {
            return Some(s);
        }
        let gkeys: Vec<String> = globals.keys().iter().map(ops::to_str).collect();
        if let Some(s) = suggest(gkeys.iter().map(|s| s.as_str()), name) {
            return Some(s);
        }
        return suggest(BUILTIN_NAMES.iter().copied(), name);
    }
    if exc.class == Exc::AttributeError
        && let Some((name, obj)) = &exc.attr_ctx
    {
        let names = crate::attr::dir(obj);
        return suggest(names.iter().map(|s| s.as_str()), name);
    }
    None
}

fn display_line(out: &mut String, e: &crate::exception::TbEntry, cache: &mut SourceCache) {
    let co = &e.code.co;
    let lineno = e.code.line_of(e.lasti);
    out.push_str(&format!(
        "  File \"{}\", line {}, in {}\n",
        co.filename,
        lineno.map(|l| l as i64).unwrap_or(-1),
        co.name
    ));
    let Some(lineno) = lineno else { return };
    let Some(line) = cache.line(&co.filename, lineno) else { return };
    let chars: Vec<char> = line.chars().collect();
    let indent = chars.iter().take_while(|&&c| is_ws(c)).count();
    let stripped: String = chars[indent..].iter().collect();
    out.push_str("    ");
    out.push_str(&stripped);
    out.push('\n');
    let Some(pos) = e.code.positions().get(e.lasti).copied() else { return };
    let (Some(sl), Some(el), Some(sc), Some(ec)) = (pos.line, pos.end_line, pos.col, pos.end_col) else { return };
    let start = byte_to_char(&line, sc as usize);
    let mut end = byte_to_char(&line, ec as usize);
    let mut anchors: Option<(usize, usize)> = None;
    if sl == el {
        if start <= end && end <= chars.len() {
            let seg: Vec<char> = chars[start..end].to_vec();
            anchors = crate::anchors::extract(&seg).map(|(l, r)| (l + start, r + start));
        }
    } else {
        let last = chars.iter().rposition(|&c| !is_ws(c)).map(|i| i + 1).unwrap_or(0);
        end = last;
    }
    let stripped_len = chars.len() - indent;
    if end.saturating_sub(start) == stripped_len && anchors.is_none() {
        return;
    }
    let (primary, secondary) = if anchors.is_some() { ('~', '^') } else { ('^', '^') };
    let mut offset = indent as i64 - 4;
    let mut caret = String::new();
    let (left_end, right_start) = anchors.map(|(l, r)| (l as i64, r as i64)).unwrap_or((-1, -1));
    let special = anchors.is_some();
    loop {
        offset += 1;
        if offset > end as i64 {
            break;
        }
        if offset <= start as i64 {
            caret.push(' ');
        } else if special && left_end < offset && offset <= right_start {
            caret.push(secondary);
        } else {
            caret.push(primary);
        }
    }
    out.push_str(&caret);
    out.push('\n');
}
