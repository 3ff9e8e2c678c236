//! compile.c's `assemble()`: from one code unit's CFG to a [`CodeObject`], in CPython 3.11's order.
//!
//! The steps (numbered as in `docs/cpython311.md` §4): implicit return, `normalize_basic_block`, `extend_block`,
//! firstlineno, prefix instructions, `fix_cell_offsets`, the optimiser hook (step 7, [`CfgOptimizer`], implemented by
//! `pyopt`), `duplicate_exits_without_lineno`, `trim_unused_consts`, `propagate_line_numbers`,
//! `guarantee_lineno_for_exits`, `stackdepth`, `label_exception_targets`, pseudo-op removal, `normalize_jumps`, jump
//! offsets (iterating EXTENDED_ARG sizes) and emission of the code, location table and exception table.
//! Everything here is mandatory; what CPython does under `optimize_cfg` belongs to the optimiser.

use std::rc::Rc;

use indexmap::IndexSet;

use crate::code::{CodeObject, Constant, flags as co_flags, kind};
use crate::consts::ConstPool;
use crate::error::CompileError;
use crate::exctable::{self, ExceptionEntry};
use crate::flowgraph::{BlockId, Cfg, Instr, InstrOp, Location, Pseudo};
use crate::linetable::LineTableWriter;
use crate::opcode::Opcode;

/// What codegen knows about a code unit besides its CFG (compile.c's `compiler_unit` fields that `makecode` reads).
#[derive(Debug)]
pub struct CodeUnitInfo {
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub filename: Rc<str>,
    /// Positional-or-keyword parameters (compile.c's `u_argcount`); `co_argcount` adds `posonlyargcount`.
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    /// `co_flags` as `compute_code_flags` gives it.
    pub flags: u32,
    /// `co_firstlineno`; 0 means "take it from the first instruction" (step 4).
    pub firstlineno: i32,
    /// Local variable names; the index is the slot (`u_varnames`).
    pub varnames: IndexSet<Rc<str>>,
    /// Cell variable names, sorted by name as CPython builds them; deref opargs `0..ncells` index this.
    pub cellvars: IndexSet<Rc<str>>,
    /// Free variable names, sorted by name; deref oparg `ncells + i` is free variable `i`.
    pub freevars: IndexSet<Rc<str>>,
    /// `co_names` in first-use order.
    pub names: IndexSet<Rc<str>>,
    pub consts: ConstPool,
    /// Whether the implicit return loads None first (compile.c's `addNone`; false in eval mode and for generator
    /// lambdas).
    pub implicit_return_none: bool,
}

/// The optimisation hook called at step 7 (compile.c's `optimize_cfg`). `pyopt` implements it; `pyir` must not
/// depend on `pyopt`. An optimiser that runs `Cfg::mark_reachable` leaves predecessor counts for the later steps;
/// otherwise the assembler counts them itself.
pub trait CfgOptimizer {
    fn optimize(&self, cfg: &mut Cfg, consts: &mut ConstPool) -> Result<(), CompileError>;
}

/// Options for [`assemble`].
#[derive(Clone, Copy, Default)]
pub struct AssembleOptions<'a> {
    /// The CFG passes to run at step 7; `None` runs none (`-O0` in our CLIs).
    pub optimizer: Option<&'a dyn CfgOptimizer>,
}

impl std::fmt::Debug for AssembleOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AssembleOptions").field("optimizer", &self.optimizer.is_some()).finish()
    }
}

/// Size in code units of a real instruction: EXTENDED_ARG prefixes, the instruction, its caches (`instr_size`).
pub fn instr_size(op: Opcode, arg: u32) -> usize {
    let arg = if op.has_arg() { arg } else { 0 };
    let ext = usize::from(arg > 0xFF_FFFF) + usize::from(arg > 0xFFFF) + usize::from(arg > 0xFF);
    ext + op.size_units()
}

fn real(i: &Instr) -> Result<Opcode, CompileError> {
    i.op.real().ok_or_else(|| CompileError::system(format!("pseudo-op {} left in assembled code", i.op)))
}

fn target(i: &Instr) -> Result<BlockId, CompileError> {
    i.target.ok_or_else(|| CompileError::system(format!("{} without a target", i.op)))
}

/// Assembles one code unit (compile.c's `assemble` and `makecode`).
pub fn assemble(mut cfg: Cfg, mut unit: CodeUnitInfo, opts: &AssembleOptions) -> Result<CodeObject, CompileError> {
    // 1. Every block that falls off the end returns None.
    if !cfg.block(cfg.current_block()).has_return {
        if unit.implicit_return_none {
            let none = unit.consts.add(Constant::None);
            cfg.emit(Opcode::LoadConst, none.0, Location::NONE);
        }
        cfg.emit(Opcode::ReturnValue, 0, Location::NONE);
    }
    // 2, 3.
    cfg.normalize()?;
    cfg.extend_blocks();

    let nlocals = unit.varnames.len();
    let ncells = unit.cellvars.len();
    let nfrees = unit.freevars.len();
    let mut fixed: Vec<usize> = (0..ncells + nfrees).map(|i| nlocals + i).collect();
    for (ci, name) in unit.cellvars.iter().enumerate() {
        if let Some(vi) = unit.varnames.get_index_of(name) {
            fixed[ci] = vi;
        }
    }

    // 4. firstlineno.
    if unit.firstlineno == 0 {
        unit.firstlineno = match cfg.block(cfg.entry()).instrs.first() {
            Some(i) if i.loc.lineno != 0 => i.loc.lineno,
            _ => 1,
        };
    }
    let firstlineno = unit.firstlineno;

    // 5. Prefix instructions, before RESUME.
    insert_prefix_instructions(&mut cfg, &unit, &fixed);

    // 6. Cell and free indices become localsplus indices.
    let mut numdropped = 0;
    for (i, f) in fixed.iter_mut().enumerate() {
        if *f == i + nlocals {
            *f -= numdropped;
        } else {
            numdropped += 1;
        }
    }
    for id in cfg.layout() {
        for instr in &mut cfg.block_mut(id).instrs {
            if matches!(
                instr.op,
                InstrOp::Real(
                    Opcode::MakeCell
                        | Opcode::LoadClosure
                        | Opcode::LoadDeref
                        | Opcode::StoreDeref
                        | Opcode::DeleteDeref
                        | Opcode::LoadClassderef
                )
            ) {
                let new = fixed
                    .get(instr.arg as usize)
                    .copied()
                    .ok_or_else(|| CompileError::system(format!("{} index {} out of range", instr.op, instr.arg)))?;
                instr.arg = new as u32;
            }
        }
    }
    let nlocalsplus = nlocals + ncells + nfrees - numdropped;

    // 7. The optimiser.
    if let Some(opt) = opts.optimizer {
        cfg.predecessors_valid = false;
        opt.optimize(&mut cfg, &mut unit.consts)?;
    }
    cfg.retarget_past_empty_blocks();
    if !cfg.predecessors_valid {
        cfg.mark_reachable();
    }

    // 8-11.
    duplicate_exits_without_lineno(&mut cfg);
    trim_unused_consts(&cfg, &mut unit.consts);
    propagate_line_numbers(&mut cfg);
    guarantee_lineno_for_exits(&mut cfg, firstlineno);

    // 12. Stack depth.
    let is_gen = unit.flags & (co_flags::GENERATOR | co_flags::COROUTINE | co_flags::ASYNC_GENERATOR) != 0;
    let (maxdepth, start_depth) = stackdepth(&cfg, is_gen)?;

    // 13, 14. Exception handlers, then the SETUP_* and POP_BLOCK pseudo-ops become NOPs and are cleaned.
    let preserve_lasti = label_exception_targets(&mut cfg);
    for id in cfg.layout() {
        for instr in &mut cfg.block_mut(id).instrs {
            if instr.op.is_block_push() || instr.is(Pseudo::PopBlock) {
                instr.set_nop();
            }
        }
    }
    cfg.clean_blocks();

    // 15, 16.
    normalize_jumps(&mut cfg)?;
    let layout = cfg.layout();
    let offsets = assemble_jump_offsets(&mut cfg, &layout)?;

    // 17. Code, location table, exception table.
    let mut code = Vec::new();
    let mut lines = LineTableWriter::new(firstlineno);
    for &id in &layout {
        for instr in &cfg.block(id).instrs {
            let op = real(instr)?;
            let size = instr_size(op, instr.arg);
            let arg = if op.has_arg() { instr.arg } else { 0 };
            let caches = usize::from(op.cache_entries());
            for k in (1..size - caches).rev() {
                code.extend_from_slice(&[Opcode::ExtendedArg as u8, (arg >> (8 * k)) as u8]);
            }
            code.extend_from_slice(&[op as u8, arg as u8]);
            code.resize(code.len() + 2 * caches, 0);
            lines.push(instr.loc, size);
        }
    }
    let exceptiontable = exception_table(&cfg, &layout, &offsets, &start_depth, &preserve_lasti)?;

    // makecode.
    let mut localsplusnames: Vec<Rc<str>> = vec![Rc::from(""); nlocalsplus];
    let mut localspluskinds = vec![0u8; nlocalsplus];
    for (i, name) in unit.varnames.iter().enumerate() {
        let cell = if unit.cellvars.contains(name) { kind::CELL } else { 0 };
        localsplusnames[i] = name.clone();
        localspluskinds[i] = kind::LOCAL | cell;
    }
    let mut dropped = 0;
    for (i, name) in unit.cellvars.iter().enumerate() {
        if unit.varnames.contains(name) {
            dropped += 1;
            continue;
        }
        localsplusnames[i + nlocals - dropped] = name.clone();
        localspluskinds[i + nlocals - dropped] = kind::CELL;
    }
    for (i, name) in unit.freevars.iter().enumerate() {
        localsplusnames[ncells + i + nlocals - dropped] = name.clone();
        localspluskinds[ncells + i + nlocals - dropped] = kind::FREE;
    }

    Ok(CodeObject {
        argcount: unit.posonlyargcount + unit.argcount,
        posonlyargcount: unit.posonlyargcount,
        kwonlyargcount: unit.kwonlyargcount,
        stacksize: maxdepth.max(0) as u32,
        flags: unit.flags,
        code,
        consts: unit.consts.into_vec(),
        names: unit.names.into_iter().collect(),
        localsplusnames,
        localspluskinds,
        filename: unit.filename,
        name: unit.name,
        qualname: unit.qualname,
        firstlineno: firstlineno.max(0) as u32,
        linetable: lines.finish(),
        exceptiontable,
    })
}

/// compile.c's `insert_prefix_instructions`: RETURN_GENERATOR + POP_TOP, MAKE_CELLs, COPY_FREE_VARS.
fn insert_prefix_instructions(cfg: &mut Cfg, unit: &CodeUnitInfo, fixed: &[usize]) {
    let entry = cfg.entry();
    let fl = unit.firstlineno;
    let instrs = &mut cfg.block_mut(entry).instrs;
    if unit.flags & (co_flags::GENERATOR | co_flags::COROUTINE | co_flags::ASYNC_GENERATOR) != 0 {
        instrs.insert(0, Instr::new(Opcode::ReturnGenerator, 0, Location::new(fl, fl, -1, -1)));
        instrs.insert(1, Instr::new(Opcode::PopTop, 0, Location::NONE));
    }
    let ncells = unit.cellvars.len();
    if ncells > 0 {
        // MAKE_CELLs go in localsplus order, which differs from cell order when arguments are cells.
        let mut sorted = vec![0usize; ncells + unit.varnames.len()];
        for (i, &f) in fixed.iter().take(ncells).enumerate() {
            sorted[f] = i + 1;
        }
        let mut used = 0;
        for &s in &sorted {
            if s == 0 {
                continue;
            }
            instrs.insert(used, Instr::new(Opcode::MakeCell, (s - 1) as u32, Location::NONE));
            used += 1;
        }
    }
    if !unit.freevars.is_empty() {
        instrs.insert(0, Instr::new(Opcode::CopyFreeVars, unit.freevars.len() as u32, Location::NONE));
    }
}

/// compile.c's `duplicate_exits_without_lineno` (step 8).
fn duplicate_exits_without_lineno(cfg: &mut Cfg) {
    for id in cfg.block_ids_list_order() {
        let Some(last) = cfg.block(id).last().copied() else {
            continue;
        };
        if !last.op.is_jump() {
            continue;
        }
        let Some(t) = last.target else {
            continue;
        };
        let tb = cfg.block(t);
        if tb.is_exit_without_lineno() && tb.predecessors > 1 {
            let new = cfg.copy_block(t);
            if let Some(first) = cfg.block_mut(new).instrs.first_mut() {
                first.loc = last.loc;
            }
            if let Some(l) = cfg.block_mut(id).instrs.last_mut() {
                l.target = Some(new);
            }
            let tnext = cfg.block(t).next;
            cfg.block_mut(t).predecessors -= 1;
            let nb = cfg.block_mut(new);
            nb.predecessors = 1;
            nb.next = tnext;
            cfg.block_mut(t).next = Some(new);
        }
    }
    for id in cfg.block_ids_list_order() {
        while let Some(n) = cfg.block(id).next {
            if !cfg.block(n).is_empty() {
                break;
            }
            let nn = cfg.block(n).next;
            cfg.block_mut(id).next = nn;
        }
    }
    for id in cfg.block_ids_list_order() {
        let b = cfg.block(id);
        if b.nofallthrough {
            continue;
        }
        let (Some(next), Some(last)) = (b.next, b.last().copied()) else {
            continue;
        };
        if cfg.block(next).is_exit_without_lineno()
            && let Some(first) = cfg.block_mut(next).instrs.first_mut()
        {
            first.loc = last.loc;
        }
    }
}

/// compile.c's `trim_unused_consts` (step 9): drops trailing constants no LOAD_CONST or KW_NAMES uses; index 0 stays.
fn trim_unused_consts(cfg: &Cfg, consts: &mut ConstPool) {
    let mut max = 0;
    for id in cfg.layout() {
        for i in &cfg.block(id).instrs {
            if i.is(Opcode::LoadConst) || i.is(Opcode::KwNames) {
                max = max.max(i.arg as usize);
            }
        }
    }
    consts.truncate(max + 1);
}

/// compile.c's `propagate_line_numbers` (step 10).
fn propagate_line_numbers(cfg: &mut Cfg) {
    for id in cfg.layout() {
        if cfg.block(id).is_empty() {
            continue;
        }
        let mut prev = Location::NONE;
        for instr in &mut cfg.block_mut(id).instrs {
            if instr.loc.lineno < 0 {
                instr.loc = prev;
            } else {
                prev = instr.loc;
            }
        }
        let b = cfg.block(id);
        let last = *b.instrs.last().expect("checked non-empty above");
        if !b.nofallthrough
            && let Some(next) = b.next
        {
            let nb = cfg.block_mut(next);
            if nb.predecessors == 1
                && let Some(first) = nb.instrs.first_mut()
                && first.loc.lineno < 0
            {
                first.loc = prev;
            }
        }
        if last.op.is_jump()
            && let Some(t) = last.target
        {
            let tb = cfg.block_mut(t);
            if tb.predecessors == 1
                && let Some(first) = tb.instrs.first_mut()
                && first.loc.lineno < 0
            {
                first.loc = prev;
            }
        }
    }
}

/// compile.c's `guarantee_lineno_for_exits` (step 11): only the line is set, the columns stay.
fn guarantee_lineno_for_exits(cfg: &mut Cfg, firstlineno: i32) {
    let mut lineno = firstlineno;
    for id in cfg.layout() {
        let b = cfg.block_mut(id);
        let Some(last) = b.instrs.last().copied() else {
            continue;
        };
        if last.loc.lineno < 0 {
            if last.is(Opcode::ReturnValue) {
                for i in &mut b.instrs {
                    i.loc.lineno = lineno;
                }
            }
        } else {
            lineno = last.loc.lineno;
        }
    }
}

/// compile.c's `stackdepth` (step 12). Returns the maximum and each block's start depth (`i32::MIN` if unreached).
fn stackdepth(cfg: &Cfg, is_gen: bool) -> Result<(i32, Vec<i32>), CompileError> {
    let mut start = vec![i32::MIN; cfg.num_blocks()];
    let mut stack = Vec::new();
    let mut maxdepth = 0;
    // CPython's quirk kept: a block is re-pushed if reached later with a larger depth, as long as its recorded
    // depth is below 100 (the assertion that forbids this is compiled out in release builds).
    let push = |stack: &mut Vec<BlockId>, start: &mut [i32], b: BlockId, depth: i32| {
        let s = &mut start[b.index()];
        if *s < depth && *s < 100 {
            *s = depth;
            stack.push(b);
        }
    };
    push(&mut stack, &mut start, cfg.entry(), i32::from(is_gen));
    while let Some(id) = stack.pop() {
        let b = cfg.block(id);
        let mut depth = start[id.index()];
        let mut next = b.next;
        for instr in &b.instrs {
            let new_depth = depth + instr.op.stack_effect(instr.arg, false);
            maxdepth = maxdepth.max(new_depth);
            if instr.op.has_target() {
                let target_depth = depth + instr.op.stack_effect(instr.arg, true);
                maxdepth = maxdepth.max(target_depth);
                push(&mut stack, &mut start, target(instr)?, target_depth);
            }
            depth = new_depth;
            if matches!(
                instr.op,
                InstrOp::Pseudo(Pseudo::Jump | Pseudo::JumpNoInterrupt)
                    | InstrOp::Real(Opcode::ReturnValue | Opcode::RaiseVarargs | Opcode::Reraise)
            ) {
                next = None;
                break;
            }
        }
        if let Some(n) = next {
            push(&mut stack, &mut start, n, depth);
        }
    }
    Ok((maxdepth, start))
}

/// compile.c's `label_exception_targets` (step 13): records each instruction's handler; returns which blocks are
/// handlers that want lasti pushed.
fn label_exception_targets(cfg: &mut Cfg) -> Vec<bool> {
    let n = cfg.num_blocks();
    let mut preserve_lasti = vec![false; n];
    let mut visited = vec![false; n];
    let mut stacks: Vec<Option<Vec<Option<BlockId>>>> = vec![None; n];
    let entry = cfg.entry();
    visited[entry.index()] = true;
    stacks[entry.index()] = Some(vec![None]);
    let mut todo = vec![entry];
    while let Some(id) = todo.pop() {
        let mut es = stacks[id.index()].take().unwrap_or_else(|| vec![None]);
        let mut handler = es.last().copied().flatten();
        let nofallthrough = cfg.block(id).nofallthrough;
        let mut given_away = false;
        let len = cfg.block(id).instrs.len();
        for k in 0..len {
            let instr = cfg.block(id).instrs[k];
            if instr.op.is_block_push() {
                if let Some(t) = instr.target {
                    if !visited[t.index()] {
                        stacks[t.index()] = Some(es.clone());
                        visited[t.index()] = true;
                        todo.push(t);
                    }
                    if !instr.is(Pseudo::SetupFinally) {
                        preserve_lasti[t.index()] = true;
                    }
                    es.push(Some(t));
                    handler = Some(t);
                }
            } else if instr.is(Pseudo::PopBlock) {
                if es.len() > 1 {
                    es.pop();
                }
                handler = es.last().copied().flatten();
            } else if instr.op.is_jump() {
                cfg.block_mut(id).instrs[k].handler = handler;
                if let Some(t) = instr.target
                    && !visited[t.index()]
                {
                    if nofallthrough {
                        stacks[t.index()] = Some(std::mem::take(&mut es));
                        given_away = true;
                    } else {
                        stacks[t.index()] = Some(es.clone());
                    }
                    visited[t.index()] = true;
                    todo.push(t);
                }
            } else {
                cfg.block_mut(id).instrs[k].handler = handler;
            }
        }
        if !nofallthrough
            && let Some(next) = cfg.block(id).next
            && !visited[next.index()]
            && !given_away
        {
            stacks[next.index()] = Some(es);
            visited[next.index()] = true;
            todo.push(next);
        }
    }
    preserve_lasti
}

/// compile.c's `normalize_jumps` (step 15): pseudo jumps become forward or backward real jumps.
fn normalize_jumps(cfg: &mut Cfg) -> Result<(), CompileError> {
    let mut visited = vec![false; cfg.num_blocks()];
    for id in cfg.layout() {
        visited[id.index()] = true;
        let Some(last) = cfg.block_mut(id).instrs.last_mut() else {
            continue;
        };
        if !last.op.is_jump() {
            continue;
        }
        let forward = !visited[target(last)?.index()];
        let pick = |f: Opcode, b: Opcode| InstrOp::Real(if forward { f } else { b });
        last.op = match last.op {
            InstrOp::Pseudo(Pseudo::Jump) => pick(Opcode::JumpForward, Opcode::JumpBackward),
            InstrOp::Pseudo(Pseudo::JumpNoInterrupt) => pick(Opcode::JumpForward, Opcode::JumpBackwardNoInterrupt),
            InstrOp::Pseudo(Pseudo::PopJumpIfNotNone) => {
                pick(Opcode::PopJumpForwardIfNotNone, Opcode::PopJumpBackwardIfNotNone)
            }
            InstrOp::Pseudo(Pseudo::PopJumpIfNone) => pick(Opcode::PopJumpForwardIfNone, Opcode::PopJumpBackwardIfNone),
            InstrOp::Pseudo(Pseudo::PopJumpIfFalse) => {
                pick(Opcode::PopJumpForwardIfFalse, Opcode::PopJumpBackwardIfFalse)
            }
            InstrOp::Pseudo(Pseudo::PopJumpIfTrue) => pick(Opcode::PopJumpForwardIfTrue, Opcode::PopJumpBackwardIfTrue),
            InstrOp::Real(op @ (Opcode::JumpIfTrueOrPop | Opcode::JumpIfFalseOrPop)) if !forward => {
                return Err(CompileError::system(format!("unexpected {} jumping backwards", op.name())));
            }
            other => other,
        };
    }
    Ok(())
}

/// compile.c's `assemble_jump_offsets` (step 16): block offsets and relative jump arguments, repeated until no
/// EXTENDED_ARG count changes. Returns each block's offset in code units.
fn assemble_jump_offsets(cfg: &mut Cfg, layout: &[BlockId]) -> Result<Vec<u32>, CompileError> {
    let mut offsets = vec![0u32; cfg.num_blocks()];
    loop {
        let mut total = 0u32;
        for &id in layout {
            offsets[id.index()] = total;
            for i in &cfg.block(id).instrs {
                total += instr_size(real(i)?, i.arg) as u32;
            }
        }
        let mut changed = false;
        for &id in layout {
            let mut pos = offsets[id.index()];
            for instr in &mut cfg.block_mut(id).instrs {
                let op = real(instr)?;
                let size = instr_size(op, instr.arg);
                pos += size as u32;
                if !op.is_jump() {
                    continue;
                }
                let t = offsets[target(instr)?.index()];
                let backward = t < pos;
                if backward != op.is_backward_jump() {
                    return Err(CompileError::system(format!("{} cannot reach its target", op.name())));
                }
                instr.arg = if backward { pos - t } else { t - pos };
                if instr_size(op, instr.arg) != size {
                    changed = true;
                }
            }
        }
        if !changed {
            return Ok(offsets);
        }
    }
}

/// compile.c's `assemble_exception_table`: one entry per run of instructions with the same handler.
fn exception_table(
    cfg: &Cfg,
    layout: &[BlockId],
    offsets: &[u32],
    start_depth: &[i32],
    preserve_lasti: &[bool],
) -> Result<Vec<u8>, CompileError> {
    let mut out = Vec::new();
    let mut handler: Option<BlockId> = None;
    let mut start = 0;
    let mut pos = 0;
    let emit = |out: &mut Vec<u8>, h: BlockId, start: u32, end: u32| -> Result<(), CompileError> {
        let lasti = preserve_lasti[h.index()];
        let start_depth = start_depth[h.index()];
        let depth = start_depth.saturating_sub(1 + i32::from(lasti));
        if start_depth == i32::MIN || depth < 0 {
            return Err(CompileError::system("exception handler with an invalid stack depth"));
        }
        let e = ExceptionEntry { start, end, target: offsets[h.index()], depth: depth as u32, lasti };
        exctable::write_entry(out, &e);
        Ok(())
    };
    for &id in layout {
        pos = offsets[id.index()];
        for instr in &cfg.block(id).instrs {
            if instr.handler != handler {
                if let Some(h) = handler {
                    emit(&mut out, h, start, pos)?;
                }
                start = pos;
                handler = instr.handler;
            }
            pos += instr_size(real(instr)?, instr.arg) as u32;
        }
    }
    if let Some(h) = handler {
        emit(&mut out, h, start, pos)?;
    }
    Ok(out)
}
