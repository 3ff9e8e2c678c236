//! pydis: disassembly of CPython 3.11 code objects, identical to CPython 3.11.7's `dis` module.
//!
//! In: a [`CodeObject`]. Out: the text `dis` prints, as a `String`: [`dis`] (a code object and, depth-first, every
//! code object among its constants, as `dis.dis(code)` and `python3 -m dis` print them), [`disassemble`] (one code
//! object, with an optional current-instruction marker), [`code_info`] / [`show_code`], and the instruction list
//! behind them ([`get_instructions`]). The `pydis` binary (`main.rs`) is `python3 -m dis`.
//!
//! Layout: `lib.rs` (instructions and the listing format of `Lib/dis.py`), `error.rs` (code objects `dis` cannot
//! read). Constants are printed with `pyir::repr`; line starts and handlers come from `pyir::linetable` and
//! `pyir::exctable`; opcode facts from `pyir::opcode`.

pub mod cli;
pub mod error;

use std::fmt::Write as _;

use pyir::code::{CodeObject, Constant};
use pyir::opcode::{CMP_OP, Flags, HAVE_ARGUMENT, NB_OPS, Opcode};
use pyir::{exctable, linetable, repr};

pub use error::DisError;

/// Options of [`dis`] and [`disassemble`] (`dis.dis`'s keyword arguments).
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Print each inline CACHE entry as its own line (`show_caches=True`).
    pub show_caches: bool,
    /// How many levels of nested code objects to print (`depth=`); `None` means all.
    pub depth: Option<usize>,
}

/// One instruction as `dis.get_instructions` yields it.
#[derive(Clone, Debug, PartialEq)]
pub struct Instruction {
    /// CPython's name, or `<N>` for a byte no opcode has.
    pub opname: String,
    pub opcode: u8,
    /// The argument, EXTENDED_ARG prefixes included; `None` for opcodes without one.
    pub arg: Option<i64>,
    /// `dis`'s human-readable description of the argument (`argrepr`).
    pub argrepr: String,
    /// Byte offset in `co_code`.
    pub offset: usize,
    /// The source line this instruction starts, if it starts one.
    pub starts_line: Option<i32>,
    /// Some jump or exception handler targets this offset.
    pub is_jump_target: bool,
}

impl Instruction {
    /// `Instruction._disassemble`: the listing line (without the newline).
    pub fn format(&self, lineno_width: usize, mark_as_current: bool, offset_width: usize) -> String {
        let mut fields: Vec<String> = Vec::with_capacity(7);
        if lineno_width > 0 {
            fields.push(match self.starts_line {
                Some(line) => format!("{line:>lineno_width$}"),
                None => " ".repeat(lineno_width),
            });
        }
        fields.push(if mark_as_current { "-->" } else { "   " }.to_owned());
        fields.push(if self.is_jump_target { ">>" } else { "  " }.to_owned());
        fields.push(format!("{:>offset_width$}", self.offset));
        fields.push(format!("{:<20}", self.opname));
        if let Some(arg) = self.arg {
            fields.push(format!("{arg:>5}"));
            if !self.argrepr.is_empty() {
                fields.push(format!("({})", self.argrepr));
            }
        }
        fields.join(" ").trim_end().to_owned()
    }
}

/// `_unpack_opargs`: (offset, opcode byte, argument) for each instruction, skipping inline caches.
fn unpack_opargs(code: &[u8]) -> Vec<(usize, u8, Option<i64>)> {
    let mut out = Vec::with_capacity(code.len() / 2);
    let mut extended: i64 = 0;
    let mut caches = 0;
    for (i, unit) in code.chunks(2).enumerate() {
        if caches > 0 {
            caches -= 1;
            continue;
        }
        let op = unit[0];
        let oparg = unit.get(1).copied().unwrap_or(0);
        caches = Opcode::from_u8(op).map_or(0, |o| o.cache_entries());
        let arg = if op >= HAVE_ARGUMENT {
            let arg = i64::from(oparg) | extended;
            extended = if op == Opcode::ExtendedArg as u8 { arg << 8 } else { 0 };
            // The oparg is a C int: past its upper limit it wraps to a negative value.
            if extended >= 1 << 31 {
                extended -= 1 << 32;
            }
            Some(arg)
        } else {
            extended = 0;
            None
        };
        out.push((2 * i, op, arg));
    }
    out
}

/// The target of a relative jump at `offset` with argument `arg`, if `op` is one (`dis.hasjrel`).
fn jump_target(op: u8, offset: usize, arg: i64) -> Option<i64> {
    let op = Opcode::from_u8(op)?;
    if !op.is_jump() {
        return None;
    }
    let signed = if op.is_backward_jump() { -arg } else { arg };
    Some(offset as i64 + 2 + signed * 2)
}

/// `dis.findlinestarts`: (offset, line) where a new source line starts.
pub fn findlinestarts(co: &CodeObject) -> Result<Vec<(usize, i32)>, DisError> {
    let lines = linetable::co_lines(&co.linetable, co.firstlineno as i32)
        .map_err(|_| DisError::new("malformed co_linetable"))?;
    let mut last = None;
    let mut out = Vec::new();
    for (start, _end, line) in lines {
        if let Some(line) = line
            && Some(line) != last
        {
            last = Some(line);
            out.push((start as usize, line));
        }
    }
    Ok(out)
}

/// `dis._parse_exception_table`, with byte offsets and `end` exclusive.
fn exception_entries(co: &CodeObject) -> Result<Vec<exctable::ExceptionEntry>, DisError> {
    let entries = exctable::decode(&co.exceptiontable).map_err(|_| DisError::new("malformed co_exceptiontable"))?;
    Ok(entries
        .into_iter()
        .map(|e| exctable::ExceptionEntry { start: 2 * e.start, end: 2 * e.end, target: 2 * e.target, ..e })
        .collect())
}

fn name_at(names: &[std::rc::Rc<str>], i: i64, what: &str) -> Result<String, DisError> {
    usize::try_from(i)
        .ok()
        .and_then(|i| names.get(i))
        .map(|n| n.to_string())
        .ok_or_else(|| DisError::new(format!("{what} index {i} out of range")))
}

/// Whether `repr(c)` raises `ValueError` for an `int` (alone or inside a tuple or frozenset) with more decimal
/// digits than CPython converts. Sizes far from the limit are decided from the bit length alone.
fn has_overlong_int(c: &Constant) -> bool {
    match c {
        Constant::Int(i) => match i.bits() {
            // 14000 bits make at most 4215 decimal digits; 14300 bits at least 4305.
            0..=14_000 => false,
            14_301.. => true,
            _ => i.magnitude().to_string().len() > pyfront::repr::INT_MAX_STR_DIGITS,
        },
        Constant::Tuple(items) | Constant::FrozenSet(items) => items.iter().any(has_overlong_int),
        _ => false,
    }
}

/// The argrepr of an instruction (`_get_instructions_bytes`).
fn argrepr(co: &CodeObject, op: Opcode, offset: usize, arg: i64) -> Result<String, DisError> {
    let flags = op.flags();
    Ok(if op == Opcode::LoadConst {
        let c = usize::try_from(arg)
            .ok()
            .and_then(|i| co.consts.get(i))
            .ok_or_else(|| DisError::new(format!("tuple index out of range (co_consts[{arg}])")))?;
        if has_overlong_int(c) {
            return Err(DisError::int_digits());
        }
        repr::const_repr(c)
    } else if flags.contains(Flags::CONST) {
        // KW_NAMES: dis only resolves LOAD_CONST.
        String::new()
    } else if op == Opcode::LoadGlobal {
        let name = name_at(&co.names, arg >> 1, "co_names")?;
        if arg & 1 != 0 { format!("NULL + {name}") } else { name }
    } else if flags.contains(Flags::NAME) {
        name_at(&co.names, arg, "co_names")?
    } else if let Some(target) = jump_target(op as u8, offset, arg) {
        format!("to {target}")
    } else if flags.contains(Flags::LOCAL) || flags.contains(Flags::FREE) {
        name_at(&co.localsplusnames, arg, "localsplus")?
    } else if flags.contains(Flags::COMPARE) {
        usize::try_from(arg)
            .ok()
            .and_then(|i| CMP_OP.get(i))
            .ok_or_else(|| DisError::new(format!("cmp_op index {arg} out of range")))?
            .to_string()
    } else if op == Opcode::FormatValue {
        let mut s = ["", "str", "repr", "ascii"][(arg & 3) as usize].to_owned();
        if arg & 4 != 0 {
            if !s.is_empty() {
                s.push_str(", ");
            }
            s.push_str("with format");
        }
        s
    } else if op == Opcode::MakeFunction {
        ["defaults", "kwdefaults", "annotations", "closure"]
            .iter()
            .enumerate()
            .filter(|&(i, _)| arg & (1 << i) != 0)
            .map(|(_, s)| *s)
            .collect::<Vec<_>>()
            .join(", ")
    } else if op == Opcode::BinaryOp {
        usize::try_from(arg)
            .ok()
            .and_then(|i| NB_OPS.get(i))
            .ok_or_else(|| DisError::new(format!("_nb_ops index {arg} out of range")))?
            .to_string()
    } else {
        String::new()
    })
}

/// `dis.get_instructions(co, show_caches=...)`, with the jump-target marks `dis.disassemble` adds for exception
/// handlers.
pub fn get_instructions(co: &CodeObject, show_caches: bool) -> Result<Vec<Instruction>, DisError> {
    let linestarts = findlinestarts(co)?;
    let handlers = exception_entries(co)?;
    instructions(co, &linestarts, &handlers, show_caches)
}

fn instructions(
    co: &CodeObject,
    linestarts: &[(usize, i32)],
    handlers: &[exctable::ExceptionEntry],
    show_caches: bool,
) -> Result<Vec<Instruction>, DisError> {
    let units = unpack_opargs(&co.code);
    let mut labels: Vec<i64> =
        units.iter().filter_map(|&(off, op, arg)| arg.and_then(|a| jump_target(op, off, a))).collect();
    labels.extend(handlers.iter().filter(|e| e.start < e.end).map(|e| i64::from(e.target)));
    labels.sort_unstable();
    // Looked up once per instruction: a map keeps a module of 10^6 lines linear (the first start at an offset wins,
    // as a search from the front would find).
    let mut starts: std::collections::HashMap<usize, i32> = std::collections::HashMap::with_capacity(linestarts.len());
    for &(o, l) in linestarts {
        starts.entry(o).or_insert(l);
    }
    let mut out = Vec::with_capacity(units.len());
    for (offset, op, arg) in units {
        let opcode = Opcode::from_u8(op);
        let argrepr = match (opcode, arg) {
            (Some(o), Some(a)) => argrepr(co, o, offset, a)?,
            _ => String::new(),
        };
        out.push(Instruction {
            opname: opcode.map_or_else(|| format!("<{op}>"), |o| o.name().to_owned()),
            opcode: op,
            arg,
            argrepr,
            offset,
            starts_line: starts.get(&offset).copied(),
            is_jump_target: labels.binary_search(&(offset as i64)).is_ok(),
        });
        let caches = opcode.map_or(0, |o| o.cache_entries() as usize);
        if show_caches {
            for k in 1..=caches {
                out.push(Instruction {
                    opname: "CACHE".to_owned(),
                    opcode: Opcode::Cache as u8,
                    arg: Some(0),
                    argrepr: String::new(),
                    offset: offset + 2 * k,
                    starts_line: None,
                    is_jump_target: false,
                });
            }
        }
    }
    Ok(out)
}

/// `dis.disassemble(co, lasti)`: one code object's listing and exception table. `lasti` marks the instruction at
/// that offset with `-->`.
pub fn disassemble(co: &CodeObject, lasti: Option<usize>, show_caches: bool) -> Result<String, DisError> {
    let mut out = String::new();
    disassemble_into(&mut out, co, lasti, show_caches)?;
    Ok(out)
}

fn disassemble_into(
    out: &mut String,
    co: &CodeObject,
    lasti: Option<usize>,
    show_caches: bool,
) -> Result<(), DisError> {
    let linestarts = findlinestarts(co)?;
    let handlers = exception_entries(co)?;
    let lineno_width = match linestarts.iter().map(|&(_, l)| l).max() {
        None => 0,
        Some(max) if max >= 1000 => max.to_string().len(),
        Some(_) => 3,
    };
    let maxoffset = co.code.len() as i64 - 2;
    let offset_width = if maxoffset >= 10000 { maxoffset.to_string().len() } else { 4 };
    for instr in instructions(co, &linestarts, &handlers, show_caches)? {
        if lineno_width > 0 && instr.starts_line.is_some() && instr.offset > 0 {
            out.push('\n');
        }
        out.push_str(&instr.format(lineno_width, lasti == Some(instr.offset), offset_width));
        out.push('\n');
    }
    if !handlers.is_empty() {
        out.push_str("ExceptionTable:\n");
        for e in &handlers {
            let lasti = if e.lasti { " lasti" } else { "" };
            let _ = writeln!(out, "  {} to {} -> {} [{}]{lasti}", e.start, i64::from(e.end) - 2, e.target, e.depth);
        }
    }
    Ok(())
}

/// `dis.dis(co)`: the code object, then every code object among its constants, depth-first, each after a blank
/// line and a `Disassembly of <code object ...>:` header.
pub fn dis(co: &CodeObject, opts: &Options) -> Result<String, DisError> {
    let mut out = String::new();
    dis_recursive(&mut out, co, opts.depth, opts.show_caches)?;
    Ok(out)
}

/// How many levels of nested code objects (the module being level 0) `python3 -m dis` disassembles: at this level
/// `dis._disassemble_recursive` has recursed deep enough that disassembling the code object exceeds Python's
/// recursion limit. Measured with CPython 3.11.7: 987 nested lambdas disassemble, 988 print the 988th header and
/// fail. (A code object whose constants' reprs recurse, such as a tuple, fails one level earlier: FIXME.)
pub const CLI_MAX_NESTING: usize = 988;

/// [`dis`] as `python3 -m dis` runs it, under Python's recursion limit: the text printed before a failure, and the
/// failure. Nested code objects deeper than [`CLI_MAX_NESTING`] raise `RecursionError` after their header.
pub fn dis_cli(co: &CodeObject, opts: &Options) -> (String, Option<DisError>) {
    let mut out = String::new();
    let result = dis_nested(&mut out, co, opts.depth, opts.show_caches, 0, CLI_MAX_NESTING);
    (out, result.err())
}

fn dis_recursive(out: &mut String, co: &CodeObject, depth: Option<usize>, show_caches: bool) -> Result<(), DisError> {
    // No recursion limit of Python's to model here; the marshal reader and the compiler bound the nesting.
    dis_nested(out, co, depth, show_caches, 0, usize::MAX)
}

fn dis_nested(
    out: &mut String,
    co: &CodeObject,
    depth: Option<usize>,
    show_caches: bool,
    level: usize,
    max_level: usize,
) -> Result<(), DisError> {
    if level >= max_level {
        return Err(DisError::recursion());
    }
    disassemble_into(out, co, None, show_caches)?;
    if depth != Some(0) {
        let depth = depth.map(|d| d - 1);
        for c in &co.consts {
            if let Constant::Code(inner) = c {
                let _ = writeln!(out, "\nDisassembly of {}:", repr::code_repr(inner, repr::fake_address(&**inner)));
                dis_nested(out, inner, depth, show_caches, level + 1, max_level)?;
            }
        }
    }
    Ok(())
}

/// `dis.pretty_flags`.
pub fn pretty_flags(flags: u32) -> String {
    const NAMES: [&str; 10] = [
        "OPTIMIZED",
        "NEWLOCALS",
        "VARARGS",
        "VARKEYWORDS",
        "NESTED",
        "GENERATOR",
        "NOFREE",
        "COROUTINE",
        "ITERABLE_COROUTINE",
        "ASYNC_GENERATOR",
    ];
    let mut names = Vec::new();
    let mut rest = flags;
    for i in 0..32 {
        let flag = 1u32 << i;
        if rest & flag != 0 {
            names.push(NAMES.get(i).map_or_else(|| format!("{flag:#x}"), |n| (*n).to_owned()));
            rest ^= flag;
            if rest == 0 {
                break;
            }
        }
    }
    if flags == 0 {
        // The loop ran to its end without finding a flag: `for ... else` appends hex(0).
        names.push("0x0".to_owned());
    }
    names.join(", ")
}

/// `dis.code_info(co)` (no trailing newline).
pub fn code_info(co: &CodeObject) -> String {
    let mut lines = vec![
        format!("Name:              {}", co.name),
        format!("Filename:          {}", co.filename),
        format!("Argument count:    {}", co.argcount),
        format!("Positional-only arguments: {}", co.posonlyargcount),
        format!("Kw-only arguments: {}", co.kwonlyargcount),
        format!("Number of locals:  {}", co.nlocals()),
        format!("Stack size:        {}", co.stacksize),
        format!("Flags:             {}", pretty_flags(co.flags)),
    ];
    if !co.consts.is_empty() {
        lines.push("Constants:".to_owned());
        for (i, c) in co.consts.iter().enumerate() {
            lines.push(format!("{i:>4}: {}", repr::const_repr(c)));
        }
    }
    let sections: [(&str, Vec<std::rc::Rc<str>>); 4] = [
        ("Names:", co.names.clone()),
        ("Variable names:", co.varnames()),
        ("Free variables:", co.freevars()),
        ("Cell variables:", co.cellvars()),
    ];
    for (title, names) in sections {
        if !names.is_empty() {
            lines.push(title.to_owned());
            for (i, n) in names.iter().enumerate() {
                lines.push(format!("{i:>4}: {n}"));
            }
        }
    }
    lines.join("\n")
}

/// `dis.show_code(co)`: what it prints, newline included.
pub fn show_code(co: &CodeObject) -> String {
    code_info(co) + "\n"
}

#[cfg(test)]
mod tests;
