//! A small line diff for golden mismatches: enough to read a failure, not a general diff tool.

use std::fmt::Write as _;

/// Lines of context shown around each changed region.
const CONTEXT: usize = 2;
/// Above this many cells the LCS table is too big to be worth it; the middle is then shown as one change.
const MAX_TABLE_CELLS: usize = 4_000_000;

/// One edit in a line diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    Same,
    Delete,
    Insert,
}

/// Renders a unified-style diff of `expected` against `actual` (`-` expected, `+` ours), at most `max_lines`
/// lines long; returns an empty string when the texts are equal.
pub fn unified(expected: &str, actual: &str, max_lines: usize) -> String {
    if expected == actual {
        return String::new();
    }
    let old: Vec<&str> = expected.split_inclusive('\n').collect();
    let new: Vec<&str> = actual.split_inclusive('\n').collect();
    let script = edit_script(&old, &new);

    // Walk the script, printing changed lines with some context and `@@` headers between distant hunks.
    let mut out = String::new();
    let mut shown = 0usize;
    let (mut i, mut j) = (0usize, 0usize);
    let mut last_printed: Option<usize> = None;
    let changed: Vec<bool> = script.iter().map(|e| *e != Edit::Same).collect();
    for (k, edit) in script.iter().enumerate() {
        let near_change = (k.saturating_sub(CONTEXT)..(k + CONTEXT + 1).min(script.len())).any(|x| changed[x]);
        if near_change {
            if last_printed.is_none_or(|p| p + 1 != k) {
                let _ = writeln!(out, "@@ expected line {}, ours line {} @@", i + 1, j + 1);
                shown += 1;
            }
            let (sign, line) = match edit {
                Edit::Same => (' ', old[i]),
                Edit::Delete => ('-', old[i]),
                Edit::Insert => ('+', new[j]),
            };
            out.push(sign);
            out.push_str(&visible(line));
            out.push('\n');
            shown += 1;
            last_printed = Some(k);
            if shown >= max_lines {
                out.push_str("... (diff truncated)\n");
                break;
            }
        }
        match edit {
            Edit::Same => {
                i += 1;
                j += 1;
            }
            Edit::Delete => i += 1,
            Edit::Insert => j += 1,
        }
    }
    out
}

/// Makes the end of a line visible: a missing final newline and trailing whitespace matter in goldens.
fn visible(line: &str) -> String {
    match line.strip_suffix('\n') {
        Some(body) if body.ends_with([' ', '\t', '\r']) => format!("{body}⏎"),
        Some(body) => body.to_string(),
        None => format!("{line}  (no newline at end)"),
    }
}

/// The shortest edit script between two line lists: common prefix and suffix trimmed, then an LCS table.
fn edit_script(old: &[&str], new: &[&str]) -> Vec<Edit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..].iter().rev().zip(new[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
    let a = &old[prefix..old.len() - suffix];
    let b = &new[prefix..new.len() - suffix];

    let mut script = vec![Edit::Same; prefix];
    if (a.len() + 1) * (b.len() + 1) > MAX_TABLE_CELLS {
        script.extend(std::iter::repeat_n(Edit::Delete, a.len()));
        script.extend(std::iter::repeat_n(Edit::Insert, b.len()));
    } else {
        // lcs[x][y] = length of the LCS of a[x..] and b[y..], stored row-major.
        let width = b.len() + 1;
        let mut lcs = vec![0u32; (a.len() + 1) * width];
        for x in (0..a.len()).rev() {
            for y in (0..b.len()).rev() {
                lcs[x * width + y] = if a[x] == b[y] {
                    lcs[(x + 1) * width + y + 1] + 1
                } else {
                    lcs[(x + 1) * width + y].max(lcs[x * width + y + 1])
                };
            }
        }
        let (mut x, mut y) = (0, 0);
        while x < a.len() || y < b.len() {
            if x < a.len() && y < b.len() && a[x] == b[y] {
                script.push(Edit::Same);
                x += 1;
                y += 1;
            } else if x < a.len() && (y == b.len() || lcs[(x + 1) * width + y] >= lcs[x * width + y + 1]) {
                // Deletions before insertions, as unified diffs show a replaced line.
                script.push(Edit::Delete);
                x += 1;
            } else {
                script.push(Edit::Insert);
                y += 1;
            }
        }
    }
    script.extend(std::iter::repeat_n(Edit::Same, suffix));
    script
}

#[cfg(test)]
mod tests {
    use super::unified;

    fn check(expected: &str, actual: &str, want: &str) {
        assert_eq!(unified(expected, actual, 100), want);
    }

    #[test]
    fn equal_texts_have_no_diff() {
        check("a\nb\n", "a\nb\n", "");
    }

    #[test]
    fn changed_line_with_context() {
        check(
            "1\n2\n3\n4\n5\n6\n7\n",
            "1\n2\n3\nX\n5\n6\n7\n",
            "@@ expected line 2, ours line 2 @@\n 2\n 3\n-4\n+X\n 5\n 6\n",
        );
    }

    #[test]
    fn missing_newline_and_trailing_space_are_visible() {
        check("a \n", "a", "@@ expected line 1, ours line 1 @@\n-a ⏎\n+a  (no newline at end)\n");
    }

    #[test]
    fn truncates_long_diffs() {
        let expected: String = (0..50).map(|i| format!("{i}\n")).collect();
        let diff = unified(&expected, "", 5);
        assert!(diff.ends_with("... (diff truncated)\n"), "{diff}");
        assert_eq!(diff.lines().count(), 6);
    }
}
