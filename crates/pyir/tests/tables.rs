//! The location and exception table encoders and decoders against real CPython 3.11 code objects.
//!
//! The data (`test_data/assemble/tables_*.txt`) is written by `test_data/assemble/gen_tables.py` from stdlib modules
//! compiled by CPython 3.11: raw `co_linetable` / `co_exceptiontable` bytes with CPython's own decodings
//! (`co_positions()`, `co_lines()`, `dis._parse_exception_table`). Decoding must reproduce CPython's views, and
//! re-encoding the decoded positions instruction by instruction must reproduce the bytes.

use pyir::exctable::{self, ExceptionEntry};
use pyir::flowgraph::Location;
use pyir::linetable::{self, LineTableWriter};
use pyir::opcode::Opcode;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn opt(s: &str) -> Option<i32> {
    if s == "N" { None } else { Some(s.parse().unwrap()) }
}

fn records(s: &str) -> Vec<Vec<&str>> {
    if s.is_empty() { Vec::new() } else { s.split(';').map(|r| r.split(',').collect()).collect() }
}

/// Instruction sizes (EXTENDED_ARG prefixes, the instruction and its caches) in code units.
fn instr_sizes(code: &[u8]) -> Vec<usize> {
    let mut sizes = Vec::new();
    let mut i = 0;
    let mut prefix = 0;
    while i < code.len() {
        let op = Opcode::from_u8(code[i]).unwrap_or_else(|| panic!("unknown opcode {}", code[i]));
        if op == Opcode::ExtendedArg {
            prefix += 1;
            i += 2;
            continue;
        }
        let size = prefix + op.size_units();
        sizes.push(size);
        i += 2 * op.size_units();
        prefix = 0;
    }
    sizes
}

struct Stats {
    code_objects: usize,
    positions: usize,
    handlers: usize,
}

fn check_file(data: &str, stats: &mut Stats) {
    let mut lines = data.lines();
    while let Some(head) = lines.next() {
        let mut field = |name: &str| {
            let l = lines.next().unwrap();
            l.strip_prefix(name).unwrap_or_else(|| panic!("expected {name}: {l}")).trim_start().to_owned()
        };
        let firstlineno: i32 = head.rsplit(' ').next().unwrap().parse().unwrap();
        let code = hex(&field("bytecode"));
        let table = hex(&field("linetable"));
        let positions = field("positions");
        let co_lines = field("lines");
        let exc = hex(&field("exctable"));
        let entries = field("entries");
        stats.code_objects += 1;

        let want: Vec<linetable::Position> =
            records(&positions).iter().map(|r| (opt(r[0]), opt(r[1]), opt(r[2]), opt(r[3]))).collect();
        let got = linetable::co_positions(&table, firstlineno).unwrap();
        assert_eq!(got, want, "co_positions of {head}");
        stats.positions += got.len();

        let want: Vec<(u32, u32, Option<i32>)> =
            records(&co_lines).iter().map(|r| (r[0].parse().unwrap(), r[1].parse().unwrap(), opt(r[2]))).collect();
        assert_eq!(linetable::co_lines(&table, firstlineno).unwrap(), want, "co_lines of {head}");

        // Re-encode: one entry per instruction, at the position of its first code unit.
        let mut w = LineTableWriter::new(firstlineno);
        let mut unit = 0;
        for size in instr_sizes(&code) {
            let (l, el, c, ec) = got[unit];
            let loc = Location::new(l.unwrap_or(-1), el.unwrap_or(-1), c.unwrap_or(-1), ec.unwrap_or(-1));
            w.push(loc, size);
            unit += size;
        }
        assert_eq!(w.finish(), table, "re-encoded linetable of {head}");

        let want: Vec<ExceptionEntry> = records(&entries)
            .iter()
            .map(|r| {
                let n = |i: usize| r[i].parse::<u32>().unwrap();
                // dis reports byte offsets (its printout, not this parser, shows end - 2).
                ExceptionEntry { start: n(0) / 2, end: n(1) / 2, target: n(2) / 2, depth: n(3), lasti: n(4) == 1 }
            })
            .collect();
        let got = exctable::decode(&exc).unwrap();
        assert_eq!(got, want, "exception table of {head}");
        assert_eq!(exctable::encode(&got), exc, "re-encoded exception table of {head}");
        stats.handlers += got.len();
    }
}

#[test]
fn tables_match_cpython() {
    let mut stats = Stats { code_objects: 0, positions: 0, handlers: 0 };
    for data in [
        include_str!("../test_data/assemble/tables_contextlib.txt"),
        include_str!("../test_data/assemble/tables_dis.txt"),
        include_str!("../test_data/assemble/tables_textwrap.txt"),
    ] {
        check_file(data, &mut stats);
    }
    assert!(stats.code_objects > 100 && stats.positions > 10_000 && stats.handlers > 20);
}

#[test]
fn bad_tables_are_errors() {
    assert!(linetable::decode(&[0x80], 1).is_err());
    assert!(linetable::decode(&[0x01], 1).is_err());
    assert!(exctable::decode(&[0x81, 0x02]).is_err());
    assert!(exctable::decode(&[0x01, 0x02, 0x03, 0x04]).is_err());
}
